package com.daaisuite.backup.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records each SDK operation, the HTTP headers of each attempt, and how many UploadParts ran at once. */
final class RecordingInterceptor implements ExecutionInterceptor {

    /** One HTTP attempt: the operation (request class name without "Request") and its headers. */
    record Attempt(String operation, Map<String, List<String>> headers) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", e.getValue());
                }
            }
            return null;
        }
    }

    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger uploadPartsRunning = new AtomicInteger();
    private final AtomicInteger maxUploadPartsRunning = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String op = operation(context.request());
        operations.add(op);
        if (op.equals("UploadPart")) {
            int now = uploadPartsRunning.incrementAndGet();
            maxUploadPartsRunning.accumulateAndGet(now, Math::max);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.add(new Attempt(operation(context.request()), context.httpRequest().headers()));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        finished(context.request());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        finished(context.request());
    }

    private void finished(Object request) {
        if (operation(request).equals("UploadPart")) {
            uploadPartsRunning.decrementAndGet();
        }
    }

    private static String operation(Object request) {
        return request.getClass().getSimpleName().replaceFirst("Request$", "");
    }

    List<String> operations() {
        return new ArrayList<>(operations);
    }

    long count(String operation) {
        return operations.stream().filter(operation::equals).count();
    }

    List<Attempt> attempts(String operation) {
        return attempts.stream().filter(a -> a.operation().equals(operation)).toList();
    }

    int maxConcurrentUploadParts() {
        return maxUploadPartsRunning.get();
    }

    void clear() {
        operations.clear();
        attempts.clear();
    }
}
