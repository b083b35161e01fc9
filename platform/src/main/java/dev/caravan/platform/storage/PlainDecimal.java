package dev.caravan.platform.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes an amount of money as a JSON string in plain decimal notation ({@code "0.00000024"}):
 * {@link BigDecimal#toString()} switches to exponent notation below 10⁻⁶ ({@code "2.4E-7"}), which
 * spreadsheets, finance tools and a reader of the docs do not expect.
 */
public final class PlainDecimal extends StdSerializer<BigDecimal> {

    public PlainDecimal() {
        super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(value.toPlainString());
    }
}
