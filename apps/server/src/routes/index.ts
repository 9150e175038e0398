import type { RouteSpec } from '../http/route.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { caseMixRoutes } from './case-mix.js';
import { codingRoutes } from './coding.js';
import { hl7Routes } from './hl7.js';
import { mpiRoutes } from './mpi.js';
import { reimbursementRoutes } from './reimbursement.js';
import { patientRoutes } from './patients.js';
import { userRoutes } from './users.js';
import { codingWorkRoutes } from './coding-work.js';
import { recordRoutes } from './records.js';
import { fhirRoutes } from './fhir.js';
import { completionRoutes } from './completion.js';
import { notificationRoutes } from './notifications.js';

/** Every API route. A module adds its routes here; each route names its access rule (deny by default). */
export const allRoutes: readonly RouteSpec[] = [
  ...authRoutes,
  ...userRoutes,
  ...auditRoutes,
  ...patientRoutes,
  ...codingRoutes,
  ...reimbursementRoutes,
  ...recordRoutes,
  ...codingWorkRoutes,
  ...hl7Routes,
  ...mpiRoutes,
  ...caseMixRoutes,
  ...fhirRoutes,
  ...completionRoutes,
  ...notificationRoutes,
];
