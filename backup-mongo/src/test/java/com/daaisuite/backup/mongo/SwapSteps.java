package com.daaisuite.backup.mongo;

import com.daaisuite.backup.mongo.internal.SwapObserver;
import java.util.List;

/** The swap matrices' dry run: which steps a swap goes through, so that each can then be made to fail. */
final class SwapSteps {
    private SwapSteps() {}

    /** @return an observer adding every step to {@code steps} just before the swap takes it */
    static SwapObserver recordingInto(List<String> steps) {
        return new SwapObserver() {
            @Override
            public void reached(String step) {
                // only the steps about to be taken matter for a failure matrix
            }

            @Override
            public void before(String step) {
                steps.add(step);
            }
        };
    }
}
