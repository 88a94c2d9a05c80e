package io.turnpike.dataplane.mapping;

/**
 * What {@code $input.path(...)} returns when the JSONPath matches nothing (or a JSON {@code null}).
 *
 * <p>AWS's recorded behaviour for such a result is odd: it renders as nothing ({@code "x": } — not
 * the reference text, not {@code null}), and both {@code #if($r == $null)} and {@code #if($r == "")}
 * are true. A Java {@code null} would give the first and second but not the third under Velocity 2's
 * comparison rules, so the result is this value instead. Velocity's comparisons and {@code #if} look
 * for the duck-typing methods below: {@code getAsNumber()} returning {@code null} makes it equal to
 * {@code $null}, {@code getAsString()} returning {@code ""} makes it equal to {@code ""}, and
 * {@code getAsBoolean()} keeps {@code #if($r)} false. The class is public only because Velocity finds
 * those methods by reflection.
 */
public final class MissingValue {
    static final MissingValue INSTANCE = new MissingValue();

    private MissingValue() {}

    /** Velocity duck typing: the text form, so {@code $r == ""} holds. */
    public String getAsString() {
        return "";
    }

    /** Velocity duck typing: no number, which Velocity reads as "acts like null". */
    public Number getAsNumber() {
        return null;
    }

    /** Velocity duck typing: {@code #if($r)} is false. */
    public boolean getAsBoolean() {
        return false;
    }

    @Override
    public String toString() {
        return "";
    }
}
