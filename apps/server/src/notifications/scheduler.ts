import type { Services } from '../http/context.js';
import { errorFields } from '../platform/logger.js';
import { runNotifications } from './run.js';
import { closeNotificationTransport, notifyConfigOf } from './transport.js';

export interface NotificationScheduler {
  /** Stops the timer, waits for a run in progress, and closes the transport. */
  stop(): Promise<void>;
}

/**
 * Runs the notifications every CHARTA_NOTIFY_INTERVAL_MINUTES (0: no timer; run-now still works), at the clock's
 * instant. A run that fails is logged and the next one tries again: nothing is marked sent that was not.
 */
export function startNotificationScheduler(services: Services): NotificationScheduler {
  const minutes = notifyConfigOf(services).intervalMinutes;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = runNotifications(services, { now: services.clock.now() })
      .then((r) => {
        if (r.digests > 0 || r.delivered > 0 || r.failed > 0)
          services.logger.info('Notification run', { event: 'notification.run', count: r.digests });
        if (r.failed > 0)
          services.logger.warn('Notification e-mail failed', { event: 'notification.failed', count: r.failed });
      })
      .catch((error: unknown) => services.logger.error('Notification run failed', errorFields(error)))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = minutes > 0 ? setInterval(tick, minutes * 60_000) : undefined;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      closeNotificationTransport(services);
    },
  };
}
