import type { RouteSpec } from '../http/route.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { codingRoutes } from './coding.js';
import { reimbursementRoutes } from './reimbursement.js';
import { patientRoutes } from './patients.js';
import { userRoutes } from './users.js';

/** Every API route. A module adds its routes here; each route names its access rule (deny by default). */
export const allRoutes: readonly RouteSpec[] = [
  ...authRoutes,
  ...userRoutes,
  ...auditRoutes,
  ...patientRoutes,
  ...codingRoutes,
  ...reimbursementRoutes,
];
