package dev.echotck.kit.rules;

import java.util.ArrayList;
import java.util.List;

/** Client numbers for evidence, folded into ranges: "1, 3-17, 20". */
final class IdRanges {

    private IdRanges() {
    }

    static String of(List<Integer> ids) {
        List<Integer> sorted = ids.stream().sorted().distinct().toList();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(j == i ? sorted.get(i).toString() : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }
}
