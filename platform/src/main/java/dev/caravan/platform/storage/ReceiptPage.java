package dev.caravan.platform.storage;

import java.util.List;

/**
 * One page of {@link ReceiptRepository#list}.
 *
 * @param receipts newest first
 * @param next     where the next page starts (pass it as {@link ReceiptQuery#after()}), or null when
 *                 this page is the last
 */
public record ReceiptPage(List<Receipt> receipts, ReceiptQuery.Position next) {

    public ReceiptPage {
        receipts = List.copyOf(receipts);
    }
}
