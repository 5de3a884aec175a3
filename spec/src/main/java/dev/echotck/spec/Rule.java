package dev.echotck.spec;

import java.util.List;

/**
 * One numbered rule as written in {@code spec/rules/FAMILY.md}.
 *
 * @param id        the contract id, e.g. {@code ECHO-5}
 * @param level     MUST or SHOULD
 * @param title     the heading's text after the level
 * @param statement the rule in plain words and how the kit checks it
 * @param why       why it matters, with the seed it comes from
 * @param hints     "if this fails, check" bullets, one likely cause each
 */
public record Rule(String id, Family family, int number, Level level, String title,
                   String statement, String why, List<String> hints) {

    public Rule {
        hints = List.copyOf(hints);
    }

    public boolean isMust() {
        return level == Level.MUST;
    }
}
