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
            List<Glob> actions,
            boolean notAction,
            List<Glob> resources,
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
            List<Glob> actions = new ArrayList<>();
            for (String a : strings(s.get(notAction ? "NotAction" : "Action"), "Action")) {
                actions.add(Glob.of(a, true));
            }
            boolean notResource = s.has("NotResource");
            List<Glob> resources = new ArrayList<>();
            for (String r : strings(s.get(notResource ? "NotResource" : "Resource"), "Resource")) {
                resources.add(Glob.of(expand.apply(r), false));
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

        private static boolean anyMatch(List<Glob> patterns, String value) {
            for (Glob p : patterns) {
                if (p.matches(value)) {
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

    /**
     * An IAM wildcard pattern, matched without a regular expression when it has only {@code *}
     * wildcards (every action and resource of the policies seen in practice): the literal runs between
     * the stars must appear in order, the first at the start and the last at the end. A Lambda
     * authorizer's cached policy is evaluated against every request's method ARN, and a regex match
     * (a {@code Matcher} per pattern, backtracking over {@code .*}) cost more than the rest of a cache
     * hit. Patterns with {@code ?}, and case-insensitive ones with non-ASCII characters, use {@link
     * #glob}; the answers are the same ({@code PolicyGlobTest} compares them).
     */
    static final class Glob {
        private final String[] literals;
        private final boolean ignoreCase;
        private final Pattern regex;

        private Glob(String[] literals, boolean ignoreCase, Pattern regex) {
            this.literals = literals;
            this.ignoreCase = ignoreCase;
            this.regex = regex;
        }

        static Glob of(String pattern, boolean ignoreCase) {
            boolean simple = pattern.indexOf('?') < 0;
            for (int i = 0; simple && ignoreCase && i < pattern.length(); i++) {
                simple = pattern.charAt(i) < 0x80;
            }
            return simple
                    ? new Glob(pattern.split("\\*", -1), ignoreCase, null)
                    : new Glob(null, ignoreCase, glob(pattern, ignoreCase));
        }

        boolean matches(String value) {
            if (regex != null) {
                return regex.matcher(value).matches();
            }
            String first = literals[0];
            if (literals.length == 1) {
                return value.length() == first.length() && regionMatches(value, 0, first);
            }
            String last = literals[literals.length - 1];
            int from = first.length();
            int end = value.length() - last.length();
            if (end < from || !regionMatches(value, 0, first) || !regionMatches(value, end, last)) {
                return false;
            }
            // the middle runs, leftmost first: a leftmost match never prevents a later run from matching
            for (int i = 1; i < literals.length - 1; i++) {
                String run = literals[i];
                int at = indexOf(value, run, from, end);
                if (at < 0) {
                    return false;
                }
                from = at + run.length();
            }
            return true;
        }

        private int indexOf(String value, String run, int from, int end) {
            for (int at = from; at + run.length() <= end; at++) {
                if (regionMatches(value, at, run)) {
                    return at;
                }
            }
            return -1;
        }

        /** {@code run} at {@code offset} of {@code value}; ignoring ASCII case only, as the regex did. */
        private boolean regionMatches(String value, int offset, String run) {
            if (!ignoreCase) {
                return value.startsWith(run, offset);
            }
            for (int i = 0; i < run.length(); i++) {
                char a = value.charAt(offset + i);
                char b = run.charAt(i);
                if (a != b && (a >= 0x80 || b >= 0x80 || lower(a) != lower(b))) {
                    return false;
                }
            }
            return true;
        }

        private static char lower(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
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
