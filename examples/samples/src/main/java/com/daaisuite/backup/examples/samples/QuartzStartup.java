package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.Backups;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/** The Quartz start-up of docs/operations.md (see {@link Samples} for the rules). */
final class QuartzStartup {
    private QuartzStartup() {}

    static void start(Scheduler scheduler, Backups backups) throws SchedulerException {
        // sample: operations: Quartz start-up
        scheduler.getContext().put("daai.backups", backups);
        JobDetail job = JobBuilder.newJob(BackupTickJob.class).withIdentity("daai-backup-tick").build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("daai-backup-tick")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(5).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, trigger);
        // end-sample
    }
}
