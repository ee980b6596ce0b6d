package dev.fivenines.loadgen.report;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: no script, no external resources, so a report opens anywhere
 * (the machines that run load tests often have no internet).
 */
final class SvgChart {
    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#17becf", "#bcbd22"};
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 40;

    /** One line: a value per x (seconds); {@code NaN} leaves a gap. */
    record Series(String name, String color, double[] ys, boolean dashed) {
    }

    private SvgChart() {
    }

    static String render(String title, String yLabel, double[] xs, List<Series> series, int width, int height) {
        double xMax = xs.length == 0 ? 1 : Math.max(1, xs[xs.length - 1]);
        double yMax = 0;
        for (Series s : series) {
            for (double y : s.ys()) {
                if (!Double.isNaN(y)) {
                    yMax = Math.max(yMax, y);
                }
            }
        }
        yMax = niceCeiling(yMax <= 0 ? 1 : yMax * 1.05);
        int plotW = width - LEFT - RIGHT;
        int plotH = height - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#fff\"/>");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">")
                .append(Html.escape(title)).append("</text>");
        // Grid and y ticks.
        double yStep = niceStep(yMax / 5);
        for (double y = 0; y <= yMax + yStep / 1000; y += yStep) {
            double py = TOP + plotH - y / yMax * plotH;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>",
                    LEFT, py, LEFT + plotW, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, py + 4, number(y)));
        }
        double xStep = niceStep(xMax / 8);
        for (double x = 0; x <= xMax + xStep / 1000; x += xStep) {
            double px = LEFT + x / xMax * plotW;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>",
                    px, TOP + plotH, px, TOP + plotH + 4));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    px, TOP + plotH + 16, number(x)));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since start</text>",
                LEFT + plotW / 2, height - 6));
        svg.append(String.format(Locale.ROOT,
                "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                TOP + plotH / 2, Html.escape(yLabel)));
        for (Series s : series) {
            svg.append(polylines(s, xs, xMax, yMax, plotW, plotH));
        }
        // Legend along the top right.
        int lx = width - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            int textWidth = 7 * s.name().length() + 26;
            lx -= textWidth;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"26\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    lx, lx + 16, s.color(), s.dashed() ? " stroke-dasharray=\"4 3\"" : ""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\">%s</text>", lx + 20, Html.escape(s.name())));
        }
        return svg.append("</svg>").toString();
    }

    private static String polylines(Series s, double[] xs, double xMax, double yMax, int plotW, int plotH) {
        StringBuilder out = new StringBuilder();
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= xs.length; i++) {
            boolean gap = i == xs.length || i >= s.ys().length || Double.isNaN(s.ys()[i]);
            if (gap) {
                if (!points.isEmpty()) {
                    out.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.6\"")
                            .append(s.dashed() ? " stroke-dasharray=\"4 3\"" : "")
                            .append(" points=\"").append(points.toString().trim()).append("\"/>");
                    points.setLength(0);
                }
                continue;
            }
            double px = LEFT + xs[i] / xMax * plotW;
            double py = TOP + plotH - s.ys()[i] / yMax * plotH;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        }
        return out.toString();
    }

    /** The smallest of 1, 2, 2.5, 5 x 10^k that is >= value. */
    static double niceStep(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= value) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static double niceCeiling(double value) {
        double step = niceStep(value / 5);
        return Math.ceil(value / step) * step;
    }

    private static String number(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }
}
