package io.turnpike.dataplane.mapping;

import static io.turnpike.dataplane.mapping.Templates.ENGINE;
import static io.turnpike.dataplane.mapping.Templates.output;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Velocity 1.7 flavour AWS's engine has, and the rendering quirks vtl.md lists. */
class VelocityFlavourTest {

    @Test
    void undefinedReferencesRenderAsNothingNotAsTheirSource() {
        assertThat(output("[$foo][$!foo][${foo}][$foo.bar][$foo.bar()][$input.path('$').nothing]", "{}"))
                .isEqualTo("[][][][][][]");
    }

    @Test
    void nullFromAMethodRendersAsNothing() {
        assertThat(output("#set($m = {})[$m.get('absent')]")).isEqualTo("[]");
    }

    @Test
    void undefinedReferencesInsideStringsRenderAsNothing() {
        assertThat(output("#set($s = \"a${foo}b\")$s")).isEqualTo("ab");
    }

    @Test
    void ifIsFalseOnlyForNullAndFalseLikeVelocity17() {
        assertThat(output("#if(\"\")empty-string #end#if(0)zero #end#if([])empty-list #end"
                        + "#if(false)false #end#if($nothing)null #end#if(!$nothing)not-null#end"))
                .isEqualTo("empty-string zero empty-list not-null");
    }

    @Test
    void paramsOfMissingNameIsEmptyStringAndSoTruthy() {
        // The classic AWS surprise: #if($input.params('x')) is always true; compare with "" instead.
        assertThat(output("#if($input.params('x'))truthy#end #if($input.params('x') != \"\")present#end"))
                .isEqualTo("truthy ");
    }

    @Test
    void noImplicitArgumentConversion() {
        // Velocity 2 would convert '1' to 1 for substring(int); 1.7 (and AWS) finds no such method.
        assertThat(output("#set($s = 'abc')[$s.substring(1)][$s.substring('1')]"))
                .isEqualTo("[bc][]");
    }

    @Test
    void hyphensAreIdentifierCharacters() {
        assertThat(output("#set($map = {'X-Custom-Header': 'v'})$map.X-Custom-Header"))
                .isEqualTo("v");
    }

    @Test
    void directiveLinesSwallowTheirNewlineLikeVelocity17() {
        assertThat(output("#set($a = 1)\n$a\n#if(true)\nyes\n#end\ndone")).isEqualTo("1\nyes\ndone");
    }

    @Test
    void velocity17LoopCountersAndForeachScope() {
        assertThat(output("#foreach($i in ['a','b','c'])$velocityCount$i$foreach.index#if($velocityHasNext),#end#end"
                        + "[$velocityCount]"))
                .isEqualTo("1a0,2b1,3c2[]");
    }

    @Test
    void nestedLoopsKeepTheirOwnCounters() {
        assertThat(output("#foreach($i in [1..2])#foreach($j in [1..2])$velocityCount#end/$velocityCount #end"))
                .isEqualTo("12/1 12/2 ");
    }

    @Test
    void vtlMapAssignment() {
        // LocalStack's test_integration_mock_with_vtl_map_assignation (recorded against AWS).
        assertThat(output("#set($m = {})$m.put(\"k\",\"v\")#set($m.k2 = \"x\")$m"))
                .isEqualTo("{k=v, k2=x}");
    }

    @Test
    void literalListsPrintTheJavaWay() {
        assertThat(output("#set($l = [1, 'a', true])$l $l.size()")).isEqualTo("[1, a, true] 3");
    }

    @Test
    void equalityComparesAcrossTypesByText() {
        assertThat(output(
                        "#if($input.path('$.n') == 5)num#end #if($input.path('$.s') == 'x')str#end "
                                + "#if($input.path('$.n') == '5')text#end",
                        "{\"n\":5,\"s\":\"x\"}"))
                .isEqualTo("num str text");
    }

    @Test
    void defineBreakAndStopWork() {
        assertThat(
                        output(
                                "#define($d)D$x#end#set($x = 1)$d#foreach($i in [1..5])$i#if($i == 2)#break#end#end-#stop after"))
                .isEqualTo("D112-");
    }

    @Test
    void evaluateRendersTextAsATemplate() {
        assertThat(output("#set($t = '#set($y = 2)y=$y')#evaluate($t)")).isEqualTo("y=2");
    }

    @Test
    void macrosWorkAndStayLocalToTheirTemplate() {
        assertThat(output("#macro(greet $who)hi $who#end#greet('ann')")).isEqualTo("hi ann");
        // A second template does not see the first one's macro: an unknown #call stays text.
        assertThat(ENGINE.compile("#greet('bob')")
                        .render(TemplateInput.ofBody(""))
                        .output())
                .isEqualTo("#greet('bob')");
    }

    @Test
    void templateTextIsTrimmedAndEmptyTemplateRendersNothing() {
        assertThat(output("  \n  {\"a\": 1}\n\n  ")).isEqualTo("{\"a\": 1}");
        assertThat(output("")).isEmpty();
        assertThat(output("   \n ")).isEmpty();
    }

    @Test
    void outputIsNotTrimmed() {
        assertThat(output("#set($s = '  x  ')$s")).isEqualTo("  x  ");
    }

    @Test
    void escapedReferencesPrintLiterally() {
        assertThat(output("#set($a = 1)\\$a \\$undefined")).isEqualTo("$a \\$undefined");
    }
}
