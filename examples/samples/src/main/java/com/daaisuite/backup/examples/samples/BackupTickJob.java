package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.Backups;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

// The Quartz job of docs/operations.md (see Samples for the rules).
// sample: operations: Quartz job
@DisallowConcurrentExecution // one tick at a time per scheduler
public class BackupTickJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            Backups backups = (Backups) context.getScheduler().getContext().get("daai.backups");
            for (BackupService.ScheduledOutcome o : backups.runDue(Instant.now())) {
                // log o.tenantId(), o.outcome(), o.detail()
            }
        } catch (SchedulerException | RuntimeException e) {
            // Never refire immediately: the next tick retries, and missed windows are caught up once.
            throw new JobExecutionException(e, false);
        }
    }
}
// end-sample
