package io.turnpike.dataplane.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * An IAM policy document, compiled once: the policy a Lambda authorizer returns, or a REST API's
 * resource policy. Evaluation follows IAM: an explicit {@code Deny} wins over everything, an {@code
 * Allow} allows, and a policy that says nothing about the request denies implicitly.
 *
 * <p>{@code Action} and {@code Resource} (and their {@code Not} forms) may be a string or a list; {@code
 * *} matches any run of characters (including {@code /}) and {@code ?} any one character; actions
 * compare case-insensitively, resources case-sensitively. Conditions support what a gateway can know
 * about an unauthenticated caller here: {@code IpAddress}/{@code NotIpAddress} on {@code aws:SourceIp},
 * and {@code StringEquals}/{@code StringNotEquals}/{@code StringLike}/{@code StringNotLike} on {@code
 * aws:SourceVpce}/{@code aws:SourceVpc}. Any other condition fails compilation (so the method answers
 * 500 rather than silently ignoring a condition).
 */
public final class PolicyDocument {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the gateway knows about the request for conditions. */
    public record Facts(String sourceIp, String sourceVpce, String sourceVpc) {}

    private final List<Statement> statements;

    private PolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** Compiles a policy; resources pass through {@code expandResource} first (resource-policy shorthands). */
    public static PolicyDocument compile(JsonNode policy, UnaryOperator<String> expandResource) {
        if (policy == null || !policy.isObject()) {
            throw new IllegalArgumentException("policy: not a JSON object");
        }
        JsonNode st = policy.get("Statement");
        if (st == null || st.isNull()) {
            throw new IllegalArgumentException("policy: no Statement");
        }
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? st : List.of(st)) {
            out.add(Statement.compile(s, expandResource));
        }
        return new PolicyDocument(out);
    }

    /** Compiles a policy from its JSON text. */
    public static PolicyDocument parse(String policy, UnaryOperator<String> expandResource) {
        try {
            return compile(JSON.readTree(policy), expandResource);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("policy: not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * Evaluates {@code action} on {@code resource}.
     *
     * @param anonymous whether statements with a {@code Principal} must name everyone ({@code "*"}) to
     *     apply: true for resource policies, whose callers here are never IAM principals
     */
    public Decision evaluate(String action, String resource, Facts facts, boolean anonymous) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.applies(action, resource, facts, anonymous)) {
                if (!s.allow) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private record Statement(
            boolean allow,
            List<Pattern> actions,
            boolean notAction,
            List<Pattern> resources,
            boolean notResource,
            Boolean principalEveryone,
            List<Condition> conditions) {

        static Statement compile(JsonNode s, UnaryOperator<String> expand) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("policy: a Statement is not an object");
            }
            String effect = text(s.get("Effect"));
            if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
                throw new IllegalArgumentException("policy: Effect '" + effect + "' (expected: Allow or Deny)");
            }
            boolean notAction = s.has("NotAction");
            List<Pattern> actions = new ArrayList<>();
            for (String a : strings(s.get(notAction ? "NotAction" : "Action"), "Action")) {
                actions.add(glob(a, true));
            }
            boolean notResource = s.has("NotResource");
            List<Pattern> resources = new ArrayList<>();
            for (String r : strings(s.get(notResource ? "NotResource" : "Resource"), "Resource")) {
                resources.add(glob(expand.apply(r), false));
            }
            Boolean everyone = null;
            JsonNode p = s.get("Principal");
            if (p != null && !p.isNull()) {
                everyone = "*".equals(p.asText(null));
                JsonNode aws = p.isObject() ? p.get("AWS") : null;
                if (aws != null) {
                    for (String v : strings(aws, "Principal")) {
                        everyone |= v.equals("*");
                    }
                }
            }
            List<Condition> conditions = new ArrayList<>();
            JsonNode c = s.get("Condition");
            if (c != null && !c.isNull()) {
                c.fields().forEachRemaining(op -> op.getValue()
                        .fields()
                        .forEachRemaining(key -> conditions.add(
                                Condition.compile(op.getKey(), key.getKey(), strings(key.getValue(), "Condition")))));
            }
            return new Statement(
                    effect.equals("Allow"), actions, notAction, resources, notResource, everyone, conditions);
        }

        boolean applies(String action, String resource, Facts facts, boolean anonymous) {
            if (anonymous && principalEveryone != null && !principalEveryone) {
                return false;
            }
            if (anyMatch(actions, action) == notAction || anyMatch(resources, resource) == notResource) {
                return false;
            }
            for (Condition c : conditions) {
                if (!c.test(facts)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean anyMatch(List<Pattern> patterns, String value) {
            for (Pattern p : patterns) {
                if (p.matcher(value).matches()) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Condition(String operator, String key, List<Cidr> blocks, List<Pattern> values, boolean negated) {

        static Condition compile(String operator, String key, List<String> values) {
            String k = key.toLowerCase(Locale.ROOT);
            switch (operator) {
                case "IpAddress", "NotIpAddress" -> {
                    if (!k.equals("aws:sourceip")) {
                        throw unsupported(operator, key);
                    }
                    List<Cidr> blocks = new ArrayList<>();
                    for (String v : values) {
                        blocks.add(Cidr.parse(v));
                    }
                    return new Condition(operator, k, blocks, List.of(), operator.startsWith("Not"));
                }
                case "StringEquals", "StringNotEquals", "StringLike", "StringNotLike" -> {
                    if (!k.equals("aws:sourcevpce") && !k.equals("aws:sourcevpc")) {
                        throw unsupported(operator, key);
                    }
                    boolean like = operator.endsWith("Like");
                    List<Pattern> patterns = new ArrayList<>();
                    for (String v : values) {
                        patterns.add(like ? glob(v, false) : Pattern.compile(Pattern.quote(v)));
                    }
                    return new Condition(operator, k, List.of(), patterns, operator.contains("Not"));
                }
                default -> throw unsupported(operator, key);
            }
        }

        private static IllegalArgumentException unsupported(String operator, String key) {
            return new IllegalArgumentException("policy: condition " + operator + " on " + key
                    + " (expected: IpAddress/NotIpAddress on aws:SourceIp, or StringEquals/StringNotEquals/"
                    + "StringLike/StringNotLike on aws:SourceVpce or aws:SourceVpc)");
        }

        /** IAM semantics: a key missing from the request fails positive operators and passes negated ones. */
        boolean test(Facts facts) {
            String value =
                    switch (key) {
                        case "aws:sourceip" -> facts.sourceIp();
                        case "aws:sourcevpce" -> facts.sourceVpce();
                        default -> facts.sourceVpc();
                    };
            if (value == null) {
                return negated;
            }
            boolean any = false;
            if (!blocks.isEmpty()) {
                for (Cidr b : blocks) {
                    any |= b.contains(value);
                }
            } else {
                for (Pattern p : values) {
                    any |= p.matcher(value).matches();
                }
            }
            return any != negated;
        }
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one character; the rest literal. */
    static Pattern glob(String pattern, boolean ignoreCase) {
        StringBuilder re = new StringBuilder(pattern.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n, String what) {
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("policy: a Statement has no " + what);
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw new IllegalArgumentException("policy: " + what + " holds a non-string");
                }
                out.add(e.asText());
            }
        } else if (n.isTextual()) {
            out.add(n.asText());
        } else {
            throw new IllegalArgumentException("policy: " + what + " is neither a string nor a list");
        }
        return out;
    }

    /** Unused in evaluation; kept so a policy can be shown in logs. */
    @Override
    public String toString() {
        return "PolicyDocument[" + statements.size() + " statements]";
    }
}
