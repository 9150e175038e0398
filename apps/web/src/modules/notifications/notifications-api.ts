import {
  InAppNotification,
  NotificationList,
  NotificationRunResult,
  NotificationSettings,
  type NotificationSettingsUpdate,
  OutboxList,
  OutboxNotification,
  SuspensionList,
} from '@charta/contracts';
import type { ApiClient } from '../../api/client.js';
import { useModuleApi } from '../../api/use-module-api.js';

const V1 = '/api/v1';
const seg = (value: string): string => encodeURIComponent(value);
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** The outbox filters the server knows (OutboxQuery.status). */
export type OutboxStatus = 'failed' | 'queued' | 'sent' | 'all';

/**
 * The deficiency-notification endpoints, one typed function each: the signed-in user's in-app notifications, and for
 * HIM the e-mail outbox, a manual retry, a run now, the suspension list, and the escalation ladder in force with the
 * saving of a new version of it.
 */
export function createNotificationsApi(client: ApiClient) {
  return {
    /** The user's notifications, newest first, with the number unread (whatever the filter). */
    mine: (query: { unread?: 'true' | 'false'; limit: number }, signal?: AbortSignal): Promise<NotificationList> =>
      client.json(`${V1}/notifications`, NotificationList, { query, ...withSignal(signal) }),
    markRead: (id: string): Promise<InAppNotification> =>
      client.json(`${V1}/notifications/${seg(id)}/read`, InAppNotification, { method: 'POST' }),

    outbox: (status: OutboxStatus, signal?: AbortSignal): Promise<OutboxList> =>
      client.json(`${V1}/notifications/outbox`, OutboxList, { query: { status, limit: 200 }, ...withSignal(signal) }),
    retry: (id: string): Promise<OutboxNotification> =>
      client.json(`${V1}/notifications/${seg(id)}/retry`, OutboxNotification, { method: 'POST' }),
    run: (): Promise<NotificationRunResult> =>
      client.json(`${V1}/notifications/run`, NotificationRunResult, { method: 'POST' }),
    suspensionList: (signal?: AbortSignal): Promise<SuspensionList> =>
      client.json(`${V1}/notifications/suspension-list`, SuspensionList, withSignal(signal)),
    settings: (facility: string, signal?: AbortSignal): Promise<NotificationSettings> =>
      client.json(`${V1}/notifications/settings`, NotificationSettings, {
        query: { facility },
        ...withSignal(signal),
      }),
    /** Saves a new version of one facility's ladder ('' the organisation's); a stale `baseVersion` is a 409. */
    saveSettings: (update: NotificationSettingsUpdate): Promise<NotificationSettings> =>
      client.json(`${V1}/notifications/settings`, NotificationSettings, { method: 'PUT', body: update }),
  };
}
export type NotificationsApi = ReturnType<typeof createNotificationsApi>;

/** The notifications API on the module's own client (see useModuleApi). */
export function useNotificationsApi(): NotificationsApi {
  return useModuleApi(createNotificationsApi);
}
