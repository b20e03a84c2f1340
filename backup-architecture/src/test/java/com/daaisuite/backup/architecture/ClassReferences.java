package com.daaisuite.backup.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads which of our classes a compiled class refers to, from its constant pool: class entries,
 * and every descriptor and signature (fields, methods, generics, annotations), so an import that
 * survives compilation in any form is seen. No bytecode library: the constant pool is a short,
 * stable part of the class-file format (JVMS 4.4).
 */
final class ClassReferences {
    private static final Pattern OURS = Pattern.compile("com/daaisuite/backup/[A-Za-z0-9_/$]+");

    private ClassReferences() {}

    /** @return the binary names (slashes) of classes under {@code com/daaisuite/backup} that {@code classFile} mentions */
    static Set<String> of(Path classFile) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            Set<String> refs = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> { // Utf8: class names, descriptors, signatures (and string literals)
                        Matcher m = OURS.matcher(in.readUTF());
                        while (m.find()) {
                            refs.add(m.group());
                        }
                    }
                    case 3, 4 -> in.skipBytes(4); // Integer, Float
                    case 5, 6 -> { // Long, Double take two slots
                        in.skipBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2); // Class, String, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4); // refs, NameAndType, Dynamic, InvokeDynamic
                    case 15 -> in.skipBytes(3); // MethodHandle
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag + " at " + i);
                }
            }
            return refs;
        }
    }

    /** @return every class file under a module's compiled classes */
    static Stream<Path> classFiles(Path classes) throws IOException {
        return Files.walk(classes).filter(p -> p.toString().endsWith(".class"));
    }
}
