package io.chorus.console.review;

import io.chorus.audio.wav.WavAudio;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A spectrogram picture for people: linear frequency from 0 to Nyquist, 80 dB of range below the
 * loudest bin, magma-like colours, time and frequency axes. This is for looking at, not the
 * classifier's features (those are the model's log-mel front end, on the model's device).
 */
public final class Spectrogram {

    static final int PLOT_HEIGHT = 256;
    static final int LEFT = 56;
    static final int BOTTOM = 34;
    static final int TOP = 8;
    static final int RIGHT = 12;
    private static final double RANGE_DB = 80;
    private static final Color[] PALETTE = {new Color(0, 0, 4), new Color(59, 15, 112), new Color(140, 41, 129),
            new Color(222, 73, 104), new Color(254, 159, 109), new Color(252, 253, 191)};

    private Spectrogram() {
    }

    /** The image as PNG bytes. */
    public static byte[] png(WavAudio audio) {
        BufferedImage image = render(audio);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** FFT size: about 23 ms at the native rate, a power of two. */
    static int fftSize(int sampleRateHz) {
        int n = 64;
        while (n < sampleRateHz * 0.023) {
            n *= 2;
        }
        return n;
    }

    /** Magnitudes in dB, [frame][bin], bins 0 … n/2. */
    static double[][] powerDb(float[] mono, int n) {
        int hop = n / 2;
        int frames = Math.max(1, 1 + (mono.length - n) / hop);
        double[] window = new double[n];
        for (int i = 0; i < n; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        double[][] db = new double[frames][n / 2 + 1];
        double[] re = new double[n];
        double[] im = new double[n];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < n; i++) {
                int at = f * hop + i;
                re[i] = at < mono.length ? mono[at] * window[i] : 0;
                im[i] = 0;
            }
            fft(re, im);
            for (int k = 0; k <= n / 2; k++) {
                db[f][k] = 10 * Math.log10(re[k] * re[k] + im[k] * im[k] + 1e-20);
            }
        }
        return db;
    }

    static BufferedImage render(WavAudio audio) {
        float[] mono = audio.channels() == 1 ? audio.samples() : io.chorus.audio.pcm.PcmSamples.downmix(audio.samples(), audio.channels());
        int n = fftSize(audio.sampleRateHz());
        double[][] db = powerDb(mono, n);
        int frames = db.length;
        int bins = n / 2 + 1;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] frame : db) {
            for (double v : frame) {
                max = Math.max(max, v);
            }
        }
        int plotWidth = Math.max(200, Math.min(900, frames * 3));
        BufferedImage img = new BufferedImage(LEFT + plotWidth + RIGHT, TOP + PLOT_HEIGHT + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int x = 0; x < plotWidth; x++) {
            int f = Math.min(frames - 1, x * frames / plotWidth);
            for (int y = 0; y < PLOT_HEIGHT; y++) {
                int k = Math.min(bins - 1, (PLOT_HEIGHT - 1 - y) * bins / PLOT_HEIGHT);
                double level = Math.max(0, Math.min(1, (db[f][k] - (max - RANGE_DB)) / RANGE_DB));
                img.setRGB(LEFT + x, TOP + y, colour(level));
            }
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(LEFT - 1, TOP - 1, plotWidth + 1, PLOT_HEIGHT + 1);
        double seconds = mono.length / (double) audio.sampleRateHz();
        double step = seconds <= 4 ? 0.5 : seconds <= 20 ? 2 : 10;
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            int x = LEFT + (int) Math.round(t / seconds * plotWidth);
            g.drawLine(x, TOP + PLOT_HEIGHT, x, TOP + PLOT_HEIGHT + 4);
            String label = String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", t);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + PLOT_HEIGHT + 16);
        }
        g.drawString("time (s)", LEFT + plotWidth / 2 - 20, TOP + PLOT_HEIGHT + 30);
        double nyquistKhz = audio.sampleRateHz() / 2000.0;
        double fStep = nyquistKhz <= 12 ? 2 : nyquistKhz <= 30 ? 5 : 10;
        for (double k = 0; k <= nyquistKhz + 1e-9; k += fStep) {
            int y = TOP + PLOT_HEIGHT - (int) Math.round(k / nyquistKhz * PLOT_HEIGHT);
            g.drawLine(LEFT - 5, y, LEFT - 1, y);
            String label = String.format(Locale.ROOT, "%.0f", k);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.rotate(-Math.PI / 2);
        g.drawString("frequency (kHz)", -(TOP + PLOT_HEIGHT / 2 + 40), 14);
        g.dispose();
        return img;
    }

    private static int colour(double level) {
        double p = level * (PALETTE.length - 1);
        int i = Math.min(PALETTE.length - 2, (int) p);
        double t = p - i;
        Color a = PALETTE[i];
        Color b = PALETTE[i + 1];
        int r = (int) Math.round(a.getRed() + t * (b.getRed() - a.getRed()));
        int gr = (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen()));
        int bl = (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue()));
        return (r << 16) | (gr << 8) | bl;
    }

    /** In-place radix-2 FFT; n must be a power of two. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            double wr = Math.cos(angle);
            double wi = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double tr = re[b] * cr - im[b] * ci;
                    double ti = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
            }
        }
    }
}
