package dev.caravan.pii;

import java.util.HashMap;
import java.util.Map;

/** IBAN length per country code, from the SWIFT IBAN registry (ISO 13616). */
final class IbanCountries {

    private static final Map<String, Integer> LENGTHS = new HashMap<>();

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 "
                + "DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 "
                + "GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 "
                + "LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 "
                + "PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 "
                + "TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : table.split(" ")) {
            LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
    }

    private IbanCountries() {}

    /** The IBAN length of {@code countryCode}, or 0 when the country has no IBAN. */
    static int length(String countryCode) {
        return LENGTHS.getOrDefault(countryCode, 0);
    }

    /** ISO 7064 MOD 97-10 over {@code iban} (upper case, no spaces): valid when the remainder is 1. */
    static boolean checksumValid(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }
}
