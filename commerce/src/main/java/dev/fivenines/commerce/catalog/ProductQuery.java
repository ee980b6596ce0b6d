package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Check;

import java.util.Optional;

/**
 * A listing request: page from 0, 1 to {@value #MAX_SIZE} per page, optional exact category and
 * optional case-insensitive text to find in name or description.
 */
public record ProductQuery(int page, int size, Optional<String> category, Optional<String> text) {
    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;
    /** Deep pages cost a scan; nobody reads page 10,000 of a shop. */
    public static final int MAX_PAGE = 10_000;
    public static final int MAX_TEXT_LENGTH = 100;

    public ProductQuery {
        Check.argument(page >= 0 && page <= MAX_PAGE, "page must be in [0, %s], was %s", MAX_PAGE, page);
        Check.argument(size >= 1 && size <= MAX_SIZE, "size must be in [1, %s], was %s", MAX_SIZE, size);
        category = category.filter(c -> !c.isBlank());
        text = text.filter(t -> !t.isBlank());
    }

    public long offset() {
        return (long) page * size;
    }

    /**
     * The text as an ILIKE pattern matching it anywhere, with the pattern's own metacharacters
     * ({@code %}, {@code _} and the escape {@code \}) escaped so they match themselves.
     */
    public static String containsPattern(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 8).append('%');
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
