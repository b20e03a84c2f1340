package com.daaisuite.backup.benchmarks.wave;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The application's latency over time during each wave, as a PNG drawn with java.awt (headless, no
 * dependency): per second of the wave, the p99 of the operations due in that second, one line per
 * scenario, with each scenario's idle p99 as a dashed line of the same colour. The y axis is
 * logarithmic, because a wave without a budget can be a hundred times idle.
 */
final class LatencyPlot {
    private static final Color[] COLOURS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0xFF7F0E),
        new Color(0x2CA02C), new Color(0x9467BD), new Color(0x8C564B)};
    private static final int W = 1100;
    private static final int H = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 290;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private LatencyPlot() {}

    static void write(List<WaveRun.Result> results, String subtitle, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        double[][] series = new double[results.size()][];
        double maxSeconds = 1;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int i = 0; i < results.size(); i++) {
            WaveRun.Result r = results.get(i);
            series[i] = Arrays.copyOf(r.wave().perSecondMs(99), (int) Math.ceil(r.waveSeconds()));
            maxSeconds = Math.max(maxSeconds, series[i].length);
            double idle = r.idle().percentileMs(99);
            lo = Math.min(lo, idle);
            hi = Math.max(hi, idle);
            for (double v : series[i]) {
                if (v > 0 && !Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, lo))));
        double yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(hi, yMin * 10))));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        double xs = maxSeconds;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("Application p99 latency per second during the 01:00 wave", LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle, LEFT, 41);
        // Grid and axes.
        g.setColor(new Color(0xDDDDDD));
        for (double y = yMin; y <= yMax * 1.0001; y *= 10) {
            int py = yPix(y, yMin, yMax, ph);
            g.drawLine(LEFT, py, LEFT + pw, py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        for (double y = yMin; y <= yMax * 1.0001; y *= 10) {
            int py = yPix(y, yMin, yMax, ph);
            String label = y >= 1 ? String.format(Locale.ROOT, "%.0f ms", y) : String.format(Locale.ROOT, "%.2f ms", y);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        double step = niceStep(xs / 8);
        for (double x = 0; x <= xs; x += step) {
            int px = LEFT + (int) (x / xs * pw);
            g.drawLine(px, TOP + ph, px, TOP + ph + 5);
            String label = String.format(Locale.ROOT, "%.0f", x);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + ph + 20);
        }
        g.drawString("seconds since 01:00 (the wave's start)", LEFT + pw / 2 - 110, H - 18);

        for (int i = 0; i < results.size(); i++) {
            Color c = COLOURS[i % COLOURS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(1.8f));
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            for (int s = 0; s < series[i].length; s++) {
                double v = series[i][s];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                double px = LEFT + (s + 0.5) / xs * pw;
                double py = yPix(Math.min(Math.max(v, yMin), yMax), yMin, yMax, ph);
                if (started) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    started = true;
                }
            }
            g.draw(line);
            double idle = results.get(i).idle().percentileMs(99);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
            int py = yPix(idle, yMin, yMax, ph);
            g.drawLine(LEFT, py, LEFT + pw, py);
            // Legend.
            int ly = TOP + 10 + i * 36;
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(LEFT + pw + 15, ly, LEFT + pw + 40, ly);
            g.setColor(Color.BLACK);
            g.drawString(results.get(i).name(), LEFT + pw + 48, ly + 4);
            g.drawString(String.format(Locale.ROOT, "idle p99 %.1f ms (dashed)", idle), LEFT + pw + 48, ly + 19);
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static int yPix(double v, double yMin, double yMax, int ph) {
        double f = (Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
        return TOP + ph - (int) Math.round(f * ph);
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
