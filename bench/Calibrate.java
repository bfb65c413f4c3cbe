/*
 * A fixed CPU-bound workload, printed beside the benchmark's figures so that readers can compare machines: sorting an
 * array of 1,000,000 pseudo-random ints (plain Java, no special CPU instructions) on one thread, one second of warm-up
 * then three measured. A machine that sorts twice as many here runs precis's own per-digest work about twice as fast.
 *
 *   java bench/Calibrate.java        prints {"name":"calibration","sorts_per_s":...}
 */

import java.util.Arrays;

public class Calibrate {

    private static final int SIZE = 1_000_000;

    public static void main(String[] args) {
        int[] source = new int[SIZE];
        long seed = 42;
        for (int i = 0; i < SIZE; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            source[i] = (int) (seed >>> 33);
        }
        run(source, 1_000_000_000L);
        long[] result = run(source, 3_000_000_000L);
        System.out.printf("{\"name\":\"calibration\",\"sorts_per_s\":%.2f}%n", result[0] / (result[1] / 1e9));
    }

    /** Sorts copies until the time is up: {sorts, nanoseconds}. */
    private static long[] run(int[] source, long nanos) {
        long started = System.nanoTime();
        long sorts = 0;
        int sink = 0;
        int[] work = new int[SIZE];
        while (System.nanoTime() - started < nanos) {
            System.arraycopy(source, 0, work, 0, SIZE);
            Arrays.sort(work);
            sink ^= work[SIZE / 2];
            sorts++;
        }
        if (sink == 42) {
            System.err.print("");
        }
        return new long[] {sorts, System.nanoTime() - started};
    }
}
