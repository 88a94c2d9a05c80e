package io.turnpike.controlplane.apikey;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV of AWS's API key file format: comma-separated cells, a cell may be enclosed in double or
 * single quotes (then it may hold commas, and a doubled quote is one quote), rows end at CR, LF or
 * CRLF; blank rows are skipped.
 */
final class Csv {

    private Csv() {}

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        char quote = 0;
        boolean cellStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        cell.append(c);
                        i++;
                    } else {
                        quote = 0;
                    }
                } else {
                    cell.append(c);
                }
                continue;
            }
            if ((c == '"' || c == '\'') && cell.toString().isBlank()) {
                quote = c;
                cell.setLength(0);
                cellStarted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                cellStarted = true;
            } else if (c == '\n' || c == '\r') {
                endRow(rows, row, cell, cellStarted);
                row = new ArrayList<>();
                cell.setLength(0);
                cellStarted = false;
            } else {
                cell.append(c);
                cellStarted = true;
            }
        }
        endRow(rows, row, cell, cellStarted);
        return rows;
    }

    private static void endRow(List<List<String>> rows, List<String> row, StringBuilder cell, boolean started) {
        if (!started && row.isEmpty()) {
            return;
        }
        row.add(cell.toString());
        rows.add(row);
    }
}
