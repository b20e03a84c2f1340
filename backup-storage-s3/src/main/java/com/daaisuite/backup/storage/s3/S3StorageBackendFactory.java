package com.daaisuite.backup.storage.s3;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Creates {@link S3StorageBackend}s from URIs, for hosts that configure storage as text:
 *
 * <pre>
 * s3://bucket[/prefix][?region=eu-west-1][&amp;endpoint=https://minio.local:9000][&amp;pathStyle=true]
 *                    [&amp;partSize=16MiB][&amp;sse=AES256|aws:kms][&amp;kmsKeyId=alias/backups]
 * </pre>
 *
 * <ul>
 *   <li>{@code region}: the bucket's region; otherwise the SDK's default region chain ({@code AWS_REGION},
 *       profile, instance metadata), or with an {@code endpoint} just {@code AWS_REGION} and then
 *       {@code us-east-1}.</li>
 *   <li>{@code endpoint}: an S3-compatible store's URL (MinIO, Ceph, ...); {@code pathStyle=true} for
 *       stores without virtual-host addressing.</li>
 *   <li>{@code partSize}: bytes, or with a {@code MiB} suffix; default 8 MiB.</li>
 *   <li>{@code sse}: {@code AES256} (SSE-S3) or {@code aws:kms} (SSE-KMS, with {@code kmsKeyId}).</li>
 * </ul>
 *
 * <p>The client is built with the SDK's default credential chain (environment, system properties,
 * profile, web identity, container and instance roles): credentials never go into the URI, and a URI
 * that carries user info is refused. The client uses the SDK's Apache HttpClient 5 transport and its {@code STANDARD}
 * retry strategy; the backend owns it and closes it on {@link StorageBackend#close()}. A host with its
 * own {@code S3Client} uses {@link S3StorageBackend#builder()} instead.
 *
 * <p>Registered for {@link java.util.ServiceLoader} under the {@code s3} scheme.
 */
public final class S3StorageBackendFactory implements StorageBackendFactory {

    private static final Set<String> PARAMETERS = Set.of("region", "endpoint", "pathStyle", "partSize", "sse",
            "kmsKeyId");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{1,40}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(MiB|M|B)?", Pattern.CASE_INSENSITIVE);

    /** Public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public S3StorageBackendFactory() {}

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public StorageBackend create(URI uri) {
        if (uri == null || uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("s3")) {
            throw new ConfigurationException("S3 storage URIs start with s3://, as in s3://bucket/prefix?region=eu-west-1.");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new ConfigurationException("The S3 storage URI names no bucket; write it as s3://bucket/prefix.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw new ConfigurationException("The S3 storage URI for bucket '" + afterAt(uri.getRawAuthority())
                    + "' contains user info (credentials?). Remove it: credentials come from the AWS default "
                    + "credential chain (environment variables, profile or role), never from the URI.");
        }
        if (uri.getPort() >= 0 || uri.getRawAuthority().contains(":")) {
            throw new ConfigurationException("The S3 storage URI names a port after the bucket; to reach a store on "
                    + "another host or port, use ?endpoint=http://host:port&pathStyle=true.");
        }
        if (uri.getRawFragment() != null) {
            throw new ConfigurationException("The S3 storage URI has a '#' fragment, which means nothing here; remove it.");
        }
        String bucket = uri.getRawAuthority();
        S3StorageBackend.requireValidBucket(bucket);
        Map<String, String> params = parameters(uri.getRawQuery());

        S3StorageBackend.Builder builder = S3StorageBackend.builder()
                .bucket(bucket)
                .prefix(uri.getPath() == null ? "" : uri.getPath());
        if (params.containsKey("partSize")) {
            builder.partSize(parseSize(params.get("partSize")));
        }
        builder.serverSideEncryption(encryption(params.get("sse"), params.get("kmsKeyId")));
        URI endpoint = params.containsKey("endpoint") ? endpoint(params.get("endpoint")) : null;
        boolean pathStyle = bool("pathStyle", params.getOrDefault("pathStyle", "false"));
        Region region = region(params.get("region"), endpoint != null);

        // Validate everything before building a client, so that a bad URI never leaks one.
        S3StorageBackend.normalizePrefix(uri.getPath() == null ? "" : uri.getPath());

        S3ClientBuilder client = S3Client.builder()
                .region(region)
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .forcePathStyle(pathStyle);
        if (endpoint != null) {
            client.endpointOverride(endpoint);
        }
        S3Client built = client.build();
        try {
            return builder.ownedClient(built).build();
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!PARAMETERS.contains(name)) {
                throw new ConfigurationException("The S3 storage URI has an unknown parameter '" + printable(name)
                        + "'; the parameters are " + String.join(", ", PARAMETERS.stream().sorted().toList())
                        + ". Credentials never go into the URI.");
            }
            if (params.put(name, value) != null) {
                throw new ConfigurationException("The S3 storage URI sets the parameter '" + name + "' twice; keep one.");
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The S3 storage URI has a malformed %-escape in its parameters; "
                    + "encode '%' as %25.", e);
        }
    }

    private static Region region(String value, boolean hasEndpoint) {
        if (value != null) {
            if (!REGION.matcher(value).matches()) {
                throw new ConfigurationException("The S3 storage URI parameter region='" + printable(value)
                        + "' is not a region name such as eu-west-1.");
            }
            return Region.of(value);
        }
        if (hasEndpoint) {
            // An S3-compatible store: honour AWS_REGION / aws.region, else us-east-1, which such stores accept.
            // The full chain is skipped on purpose: its instance-metadata lookup only adds start-up delay here.
            try {
                return new SystemSettingsRegionProvider().getRegion();
            } catch (SdkClientException e) {
                return Region.US_EAST_1;
            }
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigurationException("No AWS region is configured for the S3 storage URI: add ?region=<the "
                    + "bucket's region> or set AWS_REGION.", e);
        }
    }

    private static URI endpoint(String value) {
        URI endpoint;
        try {
            endpoint = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("The S3 storage URI parameter 'endpoint' is not a URL; write it as "
                    + "endpoint=https://host:port.", e);
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new ConfigurationException("The S3 storage URI parameter 'endpoint' must be an http or https URL "
                    + "with a host, such as endpoint=https://minio.local:9000.");
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new ConfigurationException("The S3 storage URI parameter 'endpoint' contains user info (credentials?). "
                    + "Remove it: credentials come from the AWS default credential chain.");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new ConfigurationException("The S3 storage URI parameter 'endpoint' must not have a query or "
                    + "fragment; give only scheme, host, port and path.");
        }
        return endpoint;
    }

    private static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigurationException("The S3 storage URI parameter " + name + "='" + printable(value)
                + "' must be true or false.");
    }

    private static long parseSize(String value) {
        var m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new ConfigurationException("The S3 storage URI parameter partSize='" + printable(value)
                    + "' is not a size; write bytes (8388608) or MiB (8MiB).");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return unit.equals("B") ? n : n * 1024 * 1024;
    }

    private static S3ServerSideEncryption encryption(String sse, String kmsKeyId) {
        if (sse == null || sse.isEmpty() || sse.equalsIgnoreCase("none")) {
            if (kmsKeyId != null) {
                throw new ConfigurationException("The S3 storage URI sets kmsKeyId without sse=aws:kms; add sse=aws:kms.");
            }
            return S3ServerSideEncryption.none();
        }
        if (sse.equalsIgnoreCase("AES256")) {
            if (kmsKeyId != null) {
                throw new ConfigurationException("The S3 storage URI sets kmsKeyId with sse=AES256; use sse=aws:kms for "
                        + "a KMS key, or drop kmsKeyId.");
            }
            return S3ServerSideEncryption.s3Managed();
        }
        if (sse.equalsIgnoreCase("aws:kms")) {
            if (kmsKeyId == null) {
                throw new ConfigurationException("The S3 storage URI sets sse=aws:kms without kmsKeyId; add "
                        + "kmsKeyId=<key id, ARN or alias>.");
            }
            return S3ServerSideEncryption.kms(kmsKeyId);
        }
        throw new ConfigurationException("The S3 storage URI parameter sse='" + printable(sse)
                + "' is unknown; use none, AES256 (SSE-S3) or aws:kms (SSE-KMS).");
    }

    private static String afterAt(String authority) {
        int at = authority.lastIndexOf('@');
        return printable(at < 0 ? authority : authority.substring(at + 1));
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 64); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "?");
        }
        return s.length() > 64 ? b + "..." : b.toString();
    }
}
