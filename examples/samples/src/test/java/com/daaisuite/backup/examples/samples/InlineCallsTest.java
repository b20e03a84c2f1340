package com.daaisuite.backup.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every inline call of the library's public API in the documentation ({@code `backups.runDue(now)`} in the
 * README, docs/*.md and the module READMEs) has the arity of a real method: a call qualified by one of the
 * library's public classes ({@code `SnapshotCatalog.prune(actor, tenant, dryRun)`}) must name a method of that
 * class, and an unqualified one ({@code `prune(actor, tenant, true)`}) must match some public method of that name.
 * Arguments written {@code ..}, {@code ...} or {@code …} stand for any. Calls of names the library does not have
 * (the JDK's, mongorestore's) are not ours to check. Fenced blocks are not scanned: DocSamplesTest compiles them.
 */
class InlineCallsTest {
    /** The modules whose public, non-internal classes are the API the documentation may call. */
    private static final List<String> API_MODULES = List.of("backup-api", "backup-crypto", "backup-core", "backup-storage-fs",
            "backup-storage-s3", "backup-mongo", "backup-test-support", "backup-web", "backup-micrometer");
    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern FENCE = Pattern.compile("^\\s*```.*$");

    /** An inline call that no public signature has. */
    record Stale(String where, String call, String why) {}

    @Test
    void everyInlineCallOfThePublicApiInTheDocumentationHasARealSignature() {
        Api api = Api.load();
        List<Stale> stale = new ArrayList<>();
        int calls = 0;
        for (Path f : DocSamplesTest.markdownFiles()) {
            List<String> lines = lines(f);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (FENCE.matcher(lines.get(i)).matches()) {
                    fenced = !fenced;
                    continue;
                }
                if (!fenced) {
                    String where = DocSamplesTest.ROOT.relativize(f) + ":" + (i + 1);
                    Matcher m = SPAN.matcher(lines.get(i));
                    while (m.find()) {
                        calls += api.callsIn(m.group(1)).size();
                        stale.addAll(api.check(where, m.group(1)));
                    }
                }
            }
        }
        // Guard against a scanner or an index that silently finds nothing.
        assertThat(calls).as("inline calls of the public API found").isGreaterThan(60);
        assertThat(stale).as("inline calls in the documentation that no public method has: correct the call to the real "
                + "signature, or write '..' for arguments the text does not name").isEmpty();
    }

    @Test
    void aStaleInlineCallFailsTheCheck() {
        Api api = Api.load();
        assertThat(api.check("x.md:1", "backups.backup(tenant, SCHEDULED)")).singleElement()
                .satisfies(s -> assertThat(s.why()).contains("backup").contains("3"));
        assertThat(api.check("x.md:1", "SnapshotCatalog.prune(tenant, dryRun)")).singleElement()
                .satisfies(s -> assertThat(s.why()).contains("SnapshotCatalog").contains("prune"));
        assertThat(api.check("x.md:1", "Backups.backupLater(actor, tenant)")).as("a method the class does not have")
                .singleElement().satisfies(s -> assertThat(s.why()).contains("has no public method backupLater"));
        assertThat(api.check("x.md:1", "new RestoreRequest(tenant)")).as("a constructor").hasSize(1);
    }

    @Test
    void realCallsAnyArgumentsAndOtherLibrariesPass() {
        Api api = Api.load();
        assertThat(api.check("x.md:1", "backups.backup(actor, tenant, trigger)")).isEmpty();
        assertThat(api.check("x.md:1", "SnapshotCatalog.prune(actor, tenant, true)")).isEmpty();
        assertThat(api.check("x.md:1", "Backups.builder().systemActor(..)")).isEmpty();
        assertThat(api.check("x.md:1", "Backups.Builder.build()")).isEmpty();
        assertThat(api.check("x.md:1", "KeyProviders.fromConfiguration(config.getProperty(\"a,b\"), null, \"x\")")).isEmpty();
        assertThat(api.check("x.md:1", "DatabaseSource.restore(…, beforeSwap)")).isEmpty();
        assertThat(api.check("x.md:1", "Instant.now()")).isEmpty();
        assertThat(api.check("x.md:1", "@OperationsPerInvocation(32)")).isEmpty();
        assertThat(api.callsIn("backups.restores().recover(actor, tenantId)")).hasSize(2);
    }

    /** The public API's methods and constructors, by name and by class. */
    static final class Api {
        private final Map<String, List<Executable>> byName = new HashMap<>();
        private final Map<String, Class<?>> classes = new HashMap<>();

        static Api load() {
            Api api = new Api();
            for (String module : API_MODULES) {
                Path src = DocSamplesTest.ROOT.resolve(module).resolve("src/main/java");
                try (Stream<Path> files = Files.walk(src)) {
                    files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/internal/")
                            && !p.getFileName().toString().equals("package-info.java")).forEach(p -> {
                                String name = src.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", "");
                                try {
                                    api.add(Class.forName(name, false, Api.class.getClassLoader()), null);
                                } catch (ClassNotFoundException e) {
                                    throw new IllegalStateException(module + " is not on this module's class path: " + name, e);
                                }
                            });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return api;
        }

        private void add(Class<?> c, String outer) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return;
            }
            String simple = outer == null ? c.getSimpleName() : outer + "." + c.getSimpleName();
            classes.put(simple, c);
            for (var m : c.getMethods()) {
                byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            }
            for (Class<?> nested : c.getClasses()) {
                add(nested, simple);
            }
        }

        /** One call in a span: the qualifier (a class name, or null), the name, the argument count (-1: any). */
        record Call(String qualifier, boolean constructor, String name, int args) {}

        List<Call> callsIn(String span) {
            List<Call> out = new ArrayList<>();
            for (int i = 0; i < span.length(); i++) {
                if (span.charAt(i) != '(' || i == 0 || !Character.isJavaIdentifierPart(span.charAt(i - 1))) {
                    continue;
                }
                int start = i;
                while (start > 0 && Character.isJavaIdentifierPart(span.charAt(start - 1))) {
                    start--;
                }
                String name = span.substring(start, i);
                if (!Character.isJavaIdentifierStart(name.charAt(0)) || (start > 0 && span.charAt(start - 1) == '@')) {
                    continue;
                }
                // The qualifier: a dotted run of identifiers before the name ("Backups.Builder."), not a call's result.
                int q = start;
                while (q > 0 && span.charAt(q - 1) == '.' && q > 1 && Character.isJavaIdentifierPart(span.charAt(q - 2))) {
                    q -= 2;
                    while (q > 0 && Character.isJavaIdentifierPart(span.charAt(q - 1))) {
                        q--;
                    }
                }
                String qualifier = q < start ? span.substring(q, start - 1) : null;
                boolean constructor = span.substring(0, q).endsWith("new ");
                int end = closing(span, i);
                String args = end < 0 ? span.substring(i + 1) : span.substring(i + 1, end);
                if (args.equals("s")) {
                    continue; // "archive(s)": a plural in quoted output, not a call
                }
                out.add(new Call(qualifier, constructor, name, arity(args)));
            }
            return out;
        }

        List<Stale> check(String where, String span) {
            List<Stale> stale = new ArrayList<>();
            for (Call c : callsIn(span)) {
                String why = problem(c);
                if (why != null) {
                    stale.add(new Stale(where, span, why));
                }
            }
            return stale;
        }

        private String problem(Call c) {
            if (c.constructor()) {
                Class<?> type = classes.get(c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name());
                if (type == null) {
                    return null;
                }
                List<Executable> ctors = List.<Executable>of(type.getConstructors());
                return fits(ctors, c.args()) ? null : "new " + c.name() + " takes " + arities(ctors) + " arguments, not " + c.args();
            }
            String qualifier = c.qualifier();
            if (qualifier != null && Character.isUpperCase(qualifier.charAt(0))) {
                Class<?> type = classes.get(qualifier);
                if (type == null) {
                    return null; // the JDK's or another library's class
                }
                List<Executable> methods = new ArrayList<>();
                for (var m : type.getMethods()) {
                    if (m.getName().equals(c.name())) {
                        methods.add(m);
                    }
                }
                if (methods.isEmpty()) {
                    return qualifier + " has no public method " + c.name();
                }
                return fits(methods, c.args()) ? null
                        : qualifier + "." + c.name() + " takes " + arities(methods) + " arguments, not " + c.args();
            }
            List<Executable> methods = byName.get(c.name());
            if (methods == null) {
                return null; // not a name of the library's API
            }
            return fits(methods, c.args()) ? null : "no public method " + c.name() + " takes " + c.args()
                    + " arguments; the library's take " + arities(methods);
        }

        private static boolean fits(List<Executable> candidates, int args) {
            if (args < 0) {
                return true;
            }
            for (Executable e : candidates) {
                int n = e.getParameterCount();
                if (n == args || (e.isVarArgs() && args >= n - 1)) {
                    return true;
                }
            }
            return false;
        }

        private static String arities(List<Executable> candidates) {
            return candidates.stream().map(e -> e.getParameterCount() + (e.isVarArgs() ? "+" : "")).distinct().sorted()
                    .reduce((a, b) -> a + " or " + b).orElse("none");
        }

        /** The index of the parenthesis closing the one at {@code open}, skipping strings; -1 if none. */
        private static int closing(String s, int open) {
            int depth = 0;
            char quote = 0;
            for (int i = open; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else if (ch == '(') {
                    depth++;
                } else if (ch == ')' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Top-level arguments; -1 when the text elides them. */
        private static int arity(String args) {
            if (args.contains("..") || args.contains("…")) {
                return -1;
            }
            if (args.isBlank()) {
                return 0;
            }
            int n = 1;
            int depth = 0;
            char quote = 0;
            for (char ch : args.toCharArray()) {
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else if (ch == '(' || ch == '<' || ch == '[' || ch == '{') {
                    depth++;
                } else if (ch == ')' || ch == '>' || ch == ']' || ch == '}') {
                    depth--;
                } else if (ch == ',' && depth == 0) {
                    n++;
                }
            }
            return n;
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
