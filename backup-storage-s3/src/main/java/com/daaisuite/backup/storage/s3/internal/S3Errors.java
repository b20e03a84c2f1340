package com.daaisuite.backup.storage.s3.internal;

import com.daaisuite.backup.core.StorageException;
import java.net.URI;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Turns SDK exceptions into {@link StorageException}s whose message says what failed, on which
 * bucket and object, and what to check.
 *
 * <p>Messages are built from the error code, status, request id and the SDK's own message only:
 * none of these ever carries a secret key (the SDK does not echo signatures or credentials into
 * exception messages), and nothing here reads the credentials provider.
 */
public final class S3Errors {

    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "RequestTimeTooSkewed", "InvalidSecurity",
            "AuthorizationHeaderMalformed", "MissingSecurityHeader");
    private static final Set<String> DENIED_CODES = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem",
            "InvalidObjectState", "KMS.AccessDeniedException", "KMS.DisabledException", "KMS.NotFoundException");

    private S3Errors() {}

    /**
     * @param e an SDK exception
     * @return whether S3 answered 412 Precondition Failed (an {@code If-None-Match: *} write found the key taken)
     */
    public static boolean isPreconditionFailed(SdkException e) {
        return e instanceof AwsServiceException ase && ase.statusCode() == 412;
    }

    /**
     * @param e an SDK exception
     * @return whether S3 answered 409 ConditionalRequestConflict (a concurrent conditional write to the same key)
     */
    public static boolean isConditionalConflict(SdkException e) {
        return e instanceof AwsServiceException ase && ase.statusCode() == 409
                && "ConditionalRequestConflict".equals(code(ase));
    }

    /**
     * @param e an SDK exception
     * @return whether the object does not exist (and the bucket does)
     */
    public static boolean isNoSuchKey(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        return e instanceof AwsServiceException ase && ase.statusCode() == 404 && !isNoSuchBucket(ase);
    }

    /**
     * Builds the exception to throw for a failed operation.
     *
     * @param action what was attempted, as a verb phrase: "upload", "list", "read", ...
     * @param what the object or folder concerned, e.g. {@code s3://bucket/prefix/t1/db-backups/f}
     * @param location the bucket
     * @param e the SDK's exception (kept as the cause)
     * @return the exception to throw
     */
    public static StorageException failure(String action, String what, S3Location location, SdkException e) {
        String bucket = "'" + location.bucket() + "'";
        String attempts = attempts(e);
        if (e instanceof AwsServiceException ase) {
            String code = code(ase);
            int status = ase.statusCode();
            String details = " (HTTP " + status + (code.isEmpty() ? "" : " " + code)
                    + (ase.requestId() == null ? "" : ", request id " + ase.requestId()) + attempts + ")";
            if (isNoSuchBucket(ase)) {
                return new StorageException(noSuchBucket(action, what, location, details), e);
            }
            if (CREDENTIAL_CODES.contains(code)) {
                return new StorageException("Could not " + action + " " + what + ": S3 rejected the credentials used "
                        + "for bucket " + bucket + details + ". Check the access key id and secret key (the host's "
                        + "S3Client or the AWS default credential chain), that a session token has not expired, and "
                        + "the system clock. Credentials are never printed.", e);
            }
            if (status == 403 || DENIED_CODES.contains(code)) {
                return new StorageException("Could not " + action + " " + what + ": access to S3 bucket " + bucket
                        + " was denied" + details + ". Check that the credentials are allowed s3:PutObject, "
                        + "s3:GetObject, s3:ListBucket, s3:DeleteObject and s3:AbortMultipartUpload on the bucket and "
                        + "prefix, the bucket policy, and for SSE-KMS the KMS key policy (kms:GenerateDataKey, "
                        + "kms:Decrypt).", e);
            }
            if (status >= 500 || ase.isThrottlingException()) {
                return new StorageException("Could not " + action + " " + what + ": S3 kept failing or throttling"
                        + details + " in bucket " + bucket + where(location) + ", after the SDK's retries with "
                        + "backoff. Check the store's health and request rate, then retry.", e);
            }
            String serverMessage = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorMessage();
            return new StorageException("Could not " + action + " " + what + ": S3 refused the request" + details
                    + (serverMessage == null ? "" : ": " + serverMessage) + ". Check the bucket " + bucket
                    + " configuration (versioning, object lock, storage class) and the storage settings.", e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Unable to load credentials")) {
            return new StorageException("Could not " + action + " " + what + ": no AWS credentials were found for "
                    + "bucket " + bucket + ". Configure the AWS default credential chain (environment variables "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, web identity, or a container "
                    + "or instance role) or pass your own S3Client.", e);
        }
        return new StorageException("Could not " + action + " " + what + ": the S3 endpoint" + where(location)
                + " could not be reached or the connection failed" + (attempts.isEmpty() ? "" : " (" + attempts.substring(2) + ")")
                + ": " + message + ". Check network access to the endpoint, its address and the region of bucket "
                + bucket + ", then retry.", e);
    }

    /**
     * @param action what was attempted
     * @param what the object or folder concerned
     * @param location the bucket
     * @param details status, code and request id in parentheses, or empty
     * @return the message for a bucket that does not exist
     */
    public static String noSuchBucket(String action, String what, S3Location location, String details) {
        return "Could not " + action + " " + what + ": the S3 bucket '" + location.bucket() + "' does not exist"
                + where(location) + details + ". Check the bucket name, the region and the endpoint in the storage "
                + "configuration, and create the bucket before the first backup.";
    }

    /** @return a short description of where the bucket is looked for, from the client's configuration */
    static String where(S3Location location) {
        try {
            S3ServiceClientConfiguration config = location.client().serviceClientConfiguration();
            StringBuilder b = new StringBuilder();
            if (config.region() != null) {
                b.append("region ").append(config.region().id());
            }
            config.endpointOverride().ifPresent(uri -> {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append("endpoint ").append(withoutUserInfo(uri));
            });
            return b.length() == 0 ? "" : " (" + b + ")";
        } catch (RuntimeException e) {
            // A host's custom client may not expose its configuration; the message is still useful without it.
            return "";
        }
    }

    private static String withoutUserInfo(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static boolean isNoSuchBucket(AwsServiceException e) {
        return e instanceof NoSuchBucketException || "NoSuchBucket".equals(code(e));
    }

    private static String code(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) {
            return "";
        }
        return e.awsErrorDetails().errorCode();
    }

    private static String attempts(SdkException e) {
        Integer n = e.numAttempts();
        if (n == null || n <= 1) {
            return "";
        }
        return ", " + n + " attempts";
    }
}
