package dev.unstuck.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which chat accounts belong to one person, from {@code unstuck.people}. Adapters link each account they see, so
 * four-eyes, approvers named as people and the click limit all work on the person: nobody approves their own
 * request by clicking in another adapter.
 */
public final class People {
    public static final String DISCORD = "discord";
    public static final String CONSOLE = "console";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{15,21}");

    private final Map<String, Person> people;
    private final Map<String, String> byAccount = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException "{@code <key>: <problem>}", for anything that would link the wrong person
     */
    public People(Map<String, Person> people) {
        this.people = people == null ? Map.of() : Map.copyOf(people);
        // By name, so that of two people claiming one account it is always the same one who is told.
        new TreeMap<>(this.people).forEach((name, p) -> {
            String key = "unstuck.people." + name;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(key + ": a person's name is 1-64 letters, digits, '.', '_', '@'"
                        + " or '-'");
            }
            if (p == null || blank(p.discord()) && blank(p.console())) {
                throw new IllegalArgumentException(key + ": links no account; set discord (a user id) and/or console"
                        + " (a login)");
            }
            if (!blank(p.discord())) {
                if (!SNOWFLAKE.matcher(p.discord()).matches()) {
                    throw new IllegalArgumentException(key + ".discord: '" + p.discord() + "' is not a Discord user"
                            + " id (digits: Developer Mode, right-click the user, Copy User ID)");
                }
                link(DISCORD + ":" + p.discord(), name, key + ".discord");
            }
            if (!blank(p.console())) {
                link(CONSOLE + ":" + p.console(), name, key + ".console");
            }
        });
    }

    public static People none() {
        return new People(Map.of());
    }

    public Set<String> names() {
        return people.keySet();
    }

    public boolean contains(String person) {
        return people.containsKey(person);
    }

    public Map<String, Person> all() {
        return people;
    }

    /** The person an adapter account ({@code discord:<id>}, {@code console:<login>}) belongs to. */
    public Optional<String> personOf(String account) {
        return Optional.ofNullable(byAccount.get(account));
    }

    /** The same user, linked to their person when the account is listed. */
    public ChatUser link(ChatUser user) {
        return personOf(user.id()).map(p -> new ChatUser(user.id(), user.displayName(), user.roles(), p))
                .orElse(user);
    }

    private void link(String account, String person, String key) {
        String other = byAccount.putIfAbsent(account, person);
        if (other != null && !other.equals(person)) {
            throw new IllegalArgumentException(key + ": " + account + " is already " + other + "'s; one account"
                    + " belongs to one person");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
