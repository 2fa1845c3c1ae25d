package dev.unstuck.chat.console;

/**
 * Console users of the tests, with hashes made exactly as the README tells an operator to:
 * {@code htpasswd -nbBC <cost> <user> '<password>'}, keeping what follows {@code <user>:}. Cost 10 keeps the tests
 * quick; {@link #BOB_COST_12} is the cost the README recommends.
 */
final class ConsoleAccounts {
    static final String ALICE_PASSWORD = "alice-secret";
    static final String ALICE_HASH = "$2y$10$JDBa3mCpqtN72LTZOeWHfO5oTqSx9kEbblnkFT4ESnk20WJxY40p6";
    static final String BOB_PASSWORD = "bob-secret";
    static final String BOB_HASH = "$2y$10$oBiCTOOveG8ooJy8cwualeANI2IerwjAA.aEa25V9tqj.ORq6IWQ.";
    static final String MALLORY_PASSWORD = "mallory-secret";
    static final String MALLORY_HASH = "$2y$10$N29KbS0KKrY1eQVp75NQdeF9aeCTEo.8oqzIrp/QN54kdg/IVOh9i";
    /** htpasswd -nbBC 12 bob 'correct horse'. */
    static final String BOB_COST_12 = "$2y$12$2WyChZfEMvHAVRAMoDMlIOIUCjXOmfm/ujWI.E7C69HdB69VQhkY2";
    /** htpasswd -nbBC 4 weak weak: too cheap to keep. */
    static final String WEAK_COST_4 = "$2y$04$0f8rj6bVgu/jfTVD.LhoF.eCAImdOXnxM7kwJLr5Gg0DNMJ7eJCj.";
    /**
     * The first console's format, made with: openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:secret
     * -kdfopt hexsalt:00112233445566778899aabbccddeeff -kdfopt iter:10000 PBKDF2.
     */
    static final String LEGACY_SECRET = "pbkdf2-sha256:10000:00112233445566778899aabbccddeeff:"
            + "59171411b5aeefff64a9d8b33b2b4fee2d5ba877e0d31e8e9466b67850a35d51";
    static final String TOKEN = "0123456789abcdef0123456789abcdef-console";

    private ConsoleAccounts() {
    }
}
