import type { Action } from '@charta/core';
import type { Context } from 'hono';
import { z, type ZodType } from 'zod';
import type { HonoEnv, Principal, RequestInfo, Services } from './context.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route. There is no default: a route must say, and the route table refuses one that does not (deny
 * by default, SEC-11).
 * - public: anyone (sign-in, the OpenAPI document);
 * - session: any signed-in user, including one still completing MFA (stage list says which stages);
 * - permission: a fully signed-in user (MFA done) whose role holds the action.
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'session'; readonly stages: readonly ('mfa_enrol' | 'mfa_challenge' | 'active')[] }
  | { readonly kind: 'permission'; readonly action: Action };

export interface RouteResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HandlerArgs<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  readonly info: RequestInfo;
  readonly principal: Principal | undefined;
  readonly services: Services;
  readonly c: Context<HonoEnv>;
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  readonly method: HttpMethod;
  /** Hono-style path under /api, e.g. /api/v1/users/:id */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: RouteAccess;
  /** Reads or changes PHI: a refusal is audited, and responses are never cached. */
  readonly phi?: boolean;
  /** Counts as user activity for the idle timeout (default true). Polling routes set false (SEC-08). */
  readonly activity?: boolean;
  readonly body?: ZodType<B>;
  readonly query?: ZodType<Q>;
  readonly params?: ZodType<P>;
  readonly bodyLimitBytes?: number;
  readonly responses: Readonly<
    Record<number, { readonly description: string; readonly schema?: ZodType; readonly contentType?: string }>
  >;
  readonly handler: (args: HandlerArgs<B, Q, P>) => Promise<RouteResult | Response>;
}

/** Declares a route; the type parameters come from the schemas. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export const IdParams = z.strictObject({ id: z.uuid({ message: 'Expected an id (UUID)' }) });
