package dev.caravan.platform.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 (section 2.1) over a checkpoint's leaves: its root, the inclusion
 * path of one leaf, and the check of such a path. Any number of leaves; the tree splits at the
 * largest power of two below the size, so paths stay at most log2(n) + 1 long.
 */
public final class MerkleTree {

    private MerkleTree() {}

    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint covers at least one record");
        }
        return root(leaves, 0, leaves.size());
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return EvidenceHashes.node(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** The sibling hashes from leaf {@code index} up to the root, nearest first. */
    public static List<byte[]> path(List<byte[]> leaves, int index) {
        List<byte[]> path = new ArrayList<>();
        path(leaves, 0, leaves.size(), index, path);
        return path;
    }

    private static void path(List<byte[]> leaves, int from, int to, int index, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (index < k) {
            path(leaves, from, from + k, index, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, from + k, to, index - k, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** Whether {@code leaf} at {@code index} of a tree of {@code size} leaves, with {@code path}, gives {@code root}. */
    public static boolean verify(byte[] leaf, long index, long size, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        byte[] computed = climb(leaf, index, size, path, path.size());
        return computed != null && Arrays.equals(computed, root);
    }

    // Recursion mirrors path(): the last path element is the sibling at the top split.
    private static byte[] climb(byte[] leaf, long index, long size, List<byte[]> path, int end) {
        if (size == 1) {
            return end == 0 ? leaf : null;
        }
        if (end == 0) {
            return null;
        }
        long k = split(size);
        byte[] sibling = path.get(end - 1);
        if (index < k) {
            byte[] left = climb(leaf, index, k, path, end - 1);
            return left == null ? null : EvidenceHashes.node(left, sibling);
        }
        byte[] right = climb(leaf, index - k, size - k, path, end - 1);
        return right == null ? null : EvidenceHashes.node(sibling, right);
    }

    private static int split(int n) {
        return (int) split((long) n);
    }

    private static long split(long n) {
        long k = Long.highestOneBit(n);
        return k == n ? k >> 1 : k;
    }
}
