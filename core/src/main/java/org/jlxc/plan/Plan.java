package org.jlxc.plan;

import java.util.ArrayList;
import java.util.List;

/** The ops the shim runs to start a container, in order, each with its cause. */
public final class Plan {
    private final List<Step> steps = new ArrayList<>();

    public Plan add(Op op, String cause) {
        steps.add(new Step(op, false, cause));
        return this;
    }

    /** Before every other op: for the shim's own ops, which it finds anywhere in the plan. */
    public Plan addFirst(Op op, String cause) {
        steps.addFirst(new Step(op, false, cause));
        return this;
    }

    public Plan addOptional(Op op, String cause) {
        steps.add(new Step(op, true, cause));
        return this;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public Step step(int index) {
        return steps.get(index);
    }

    public int size() {
        return steps.size();
    }

    public List<Op> ops() {
        return steps.stream().map(Step::op).toList();
    }
}
