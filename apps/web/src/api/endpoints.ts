import {
  AccessReport,
  AuditPage,
  EmergencyAccessGrant,
  EmergencyAccessList,
  LoginResponse,
  MfaEnrolConfirmResponse,
  MfaEnrolStartResponse,
  PatientDetail,
  PatientSearchResult,
  SecurityPolicy,
  SessionInfo,
  UserList,
  UserView,
  type ChangePasswordRequest,
  type CreateUserRequest,
  type LoginRequest,
  type MfaVerifyRequest,
  type PatientSummary,
  type UpdateSecurityPolicyRequest,
  type UpdateUserRequest,
} from '@charta/contracts';
import type { ApiClient, Query } from './client.js';
import type { Parsed, Schema } from './validate.js';

const V1 = '/api/v1';

/** Audit report filters as the form holds them; empty strings mean "any". */
export interface AuditFilters {
  readonly user: string;
  readonly patient: string;
  readonly action: string;
  /** YYYY-MM-DD */
  readonly from: string;
  /** YYYY-MM-DD */
  readonly to: string;
  readonly emergencyOnly: boolean;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  user: '',
  patient: '',
  action: '',
  from: '',
  to: '',
  emergencyOnly: false,
};

/** Audit page size: enough rows for a screen of review, small enough to stay fast. */
export const AUDIT_PAGE_SIZE = 100;

/** The query both the report and its export use, so the export holds exactly the events the filters select. */
export function auditFilterQuery(filters: AuditFilters): Query {
  return {
    user: filters.user.trim(),
    patient: filters.patient.trim(),
    action: filters.action.trim(),
    from: filters.from,
    to: filters.to,
    emergency: filters.emergencyOnly ? 'true' : undefined,
  };
}

export type AccessReportView = Parsed<typeof AccessReport>;
export type ChangePassword = Parsed<typeof ChangePasswordRequest>;
export type UpdateSecurityPolicy = Parsed<typeof UpdateSecurityPolicyRequest>;

const id = (value: string): string => encodeURIComponent(value);

/** The session as the web app keeps it: the contract plus the previous sign-in time when the server reports one. */
export type SessionView = SessionInfo & { readonly previousSignInAt: string | null };

/**
 * The previous sign-in time, when the server includes `user.previousLoginAt`. It is not (yet) part of the SessionInfo
 * contract, so it is read from the raw response defensively and shown only when present.
 */
export function previousSignInOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const user = (raw as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const value = (user as { previousLoginAt?: unknown }).previousLoginAt;
  return typeof value === 'string' && Number.isFinite(Date.parse(value)) ? value : null;
}

const SessionViewSchema: Schema<SessionView> = {
  parse: (input) => ({ ...SessionInfo.parse(input), previousSignInAt: previousSignInOf(input) }),
  safeParse: (input) => {
    const result = SessionInfo.safeParse(input);
    return result.success
      ? { success: true, data: { ...result.data, previousSignInAt: previousSignInOf(input) } }
      : { success: false, error: result.error };
  },
};

/** The Charta API, one typed function per endpoint (request and response shapes from @charta/contracts). */
export function createChartaApi(client: ApiClient) {
  return {
    /** Never extends the session: safe to call for checks. Also (re)sets the CSRF cookie. */
    session: (): Promise<SessionView> => client.json(`${V1}/session`, SessionViewSchema),
    login: (body: LoginRequest): Promise<LoginResponse> =>
      client.json(`${V1}/auth/login`, LoginResponse, { method: 'POST', body, allowUnauthorized: true }),
    mfaEnrolStart: (): Promise<MfaEnrolStartResponse> =>
      client.json(`${V1}/auth/mfa/enrol/start`, MfaEnrolStartResponse, { method: 'POST' }),
    mfaEnrolConfirm: (code: string): Promise<MfaEnrolConfirmResponse> =>
      client.json(`${V1}/auth/mfa/enrol/confirm`, MfaEnrolConfirmResponse, {
        method: 'POST',
        body: { code },
        allowUnauthorized: true,
      }),
    mfaVerify: (body: MfaVerifyRequest): Promise<LoginResponse> =>
      client.json(`${V1}/auth/mfa/verify`, LoginResponse, { method: 'POST', body, allowUnauthorized: true }),
    logout: (): Promise<void> => client.empty(`${V1}/auth/logout`, { method: 'POST', allowUnauthorized: true }),
    logoutAll: (): Promise<void> => client.empty(`${V1}/auth/logout-all`, { method: 'POST', allowUnauthorized: true }),
    /** Extends the idle timer: call only for real user activity. */
    keepalive: (): Promise<SessionView> => client.json(`${V1}/auth/keepalive`, SessionViewSchema, { method: 'POST' }),
    changePassword: (body: ChangePassword): Promise<void> =>
      client.empty(`${V1}/auth/password`, { method: 'POST', body }),

    listUsers: async (): Promise<UserView[]> => (await client.json(`${V1}/users`, UserList)).users,
    createUser: (body: CreateUserRequest): Promise<UserView> =>
      client.json(`${V1}/users`, UserView, { method: 'POST', body }),
    updateUser: (userId: string, body: UpdateUserRequest): Promise<UserView> =>
      client.json(`${V1}/users/${id(userId)}`, UserView, { method: 'PATCH', body }),

    securityPolicy: (): Promise<SecurityPolicy> => client.json(`${V1}/security/policy`, SecurityPolicy),
    updateSecurityPolicy: (body: UpdateSecurityPolicy): Promise<SecurityPolicy> =>
      client.json(`${V1}/security/policy`, SecurityPolicy, { method: 'PUT', body }),

    auditEvents: (filters: AuditFilters, before?: number): Promise<AuditPage> =>
      client.json(`${V1}/audit/events`, AuditPage, {
        query: { ...auditFilterQuery(filters), limit: AUDIT_PAGE_SIZE, before },
      }),
    auditExportUrl: (filters: AuditFilters): string => client.url(`${V1}/audit/export`, auditFilterQuery(filters)),

    searchPatients: async (q: string, signal?: AbortSignal): Promise<PatientSummary[]> =>
      (await client.json(`${V1}/patients`, PatientSearchResult, { query: { q }, ...(signal ? { signal } : {}) }))
        .patients,
    patient: (patientId: string): Promise<PatientDetail> =>
      client.json(`${V1}/patients/${id(patientId)}`, PatientDetail),
    requestEmergencyAccess: (patientId: string, reason: string): Promise<EmergencyAccessGrant> =>
      client.json(`${V1}/patients/${id(patientId)}/emergency-access`, EmergencyAccessGrant, {
        method: 'POST',
        body: { reason },
      }),
    accessReport: (patientId: string): Promise<AccessReportView> =>
      client.json(`${V1}/patients/${id(patientId)}/access-report`, AccessReport),

    emergencyGrants: async (): Promise<EmergencyAccessGrant[]> =>
      (await client.json(`${V1}/emergency-access`, EmergencyAccessList)).grants,
    reviewEmergencyGrant: (grantId: string, note: string): Promise<EmergencyAccessGrant> =>
      client.json(`${V1}/emergency-access/${id(grantId)}/review`, EmergencyAccessGrant, {
        method: 'POST',
        body: { note },
      }),
  };
}

export type ChartaApi = ReturnType<typeof createChartaApi>;
