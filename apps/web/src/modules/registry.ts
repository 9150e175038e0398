import { Action } from '@charta/core';
import { AuditReportPage } from '../pages/AuditReportPage.js';
import { EmergencyAccessReviewPage } from '../pages/EmergencyAccessReviewPage.js';
import { HomePage } from '../pages/HomePage.js';
import { MyAccountPage } from '../pages/MyAccountPage.js';
import { PatientsPage } from '../pages/PatientsPage.js';
import { SecurityPolicyPage } from '../pages/SecurityPolicyPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { CodingWorkPage } from './coding-work/CodingWorkPage.js';
import { DnfbPage } from './dnfb/DnfbPage.js';
import { EncoderPage } from './encoder/EncoderPage.js';
import { Hl7MessagesPage } from './hl7/Hl7MessagesPage.js';
import { MpiPage } from './mpi/MpiPage.js';
import { CaseMixPage } from './case-mix/CaseMixPage.js';
import { CompletionPage } from './completion/CompletionPage.js';
import { CompletionReportPage } from './completion/CompletionReportPage.js';
import { MyDeficienciesPage } from './completion/MyDeficienciesPage.js';
import { RulesPage } from './completion/RulesPage.js';
import { NotificationsPage } from './notifications/NotificationsPage.js';
import type { AppModule } from './modules-context.js';

/**
 * The navigation registry: every module of the web app, in menu order. A new module adds one line here; navigation,
 * routing and the home page cards all follow from this list and the session's permissions.
 */
export const MODULES: readonly AppModule[] = [
  { path: 'home', label: 'Home', permission: null, component: HomePage, description: 'Start page.' },
  {
    path: 'patients',
    label: 'Patients',
    permission: Action.patientSearch,
    component: PatientsPage,
    description: 'Find a patient, open the record and see who has accessed it.',
  },
  {
    path: 'mpi',
    label: 'Duplicate patients',
    permission: Action.mpiReview,
    component: MpiPage,
    description:
      'Candidate duplicate records side by side: merge them, mark them as different people, or undo a merge.',
  },
  {
    path: 'hl7',
    label: 'HL7 messages',
    permission: Action.recordsImport,
    component: Hl7MessagesPage,
    description: 'ADT messages from the EHR feed: review the ones that failed, reprocess or dismiss them.',
  },
  {
    path: 'encoder',
    label: 'Encoder',
    permission: Action.codesRead,
    component: EncoderPage,
    description:
      "Search ICD-10-CM, ICD-10-PCS and HCPCS codes, read the Tabular notes, build PCS codes and check an encounter's codes",
  },
  {
    path: 'coding',
    label: 'Coding queue',
    permission: Action.codingQueueRead,
    component: CodingWorkPage,
    description: 'Discharged encounters waiting for coding: take one, read its documents, code it and finalise it.',
  },
  {
    path: 'dnfb',
    label: 'DNFB',
    permission: Action.dnfbRead,
    component: DnfbPage,
    description:
      'Discharged, not final coded or billed: counts, days and expected charges, hold reasons, productivity.',
  },
  {
    path: 'case-mix',
    label: 'Case mix',
    permission: Action.analyticsRead,
    component: CaseMixPage,
    description:
      'CMI, DRG distribution, CC/MCC capture, medical/surgical mix and HACs by month, service line and attending.',
  },
  {
    path: 'completion',
    label: 'Record completion',
    permission: Action.completionRead,
    component: CompletionPage,
    description:
      'Analysis queue of discharged records, their deficiencies and the delinquency list: review, assign, reassign, waive.',
  },
  {
    path: 'my-deficiencies',
    label: 'My deficiencies',
    permission: Action.documentSign,
    component: MyDeficienciesPage,
    description: 'Documents you owe on discharged records: write the missing ones, finish and sign the rest.',
  },
  {
    path: 'completion-report',
    label: 'Completion report',
    permission: Action.completionRead,
    component: CompletionReportPage,
    description:
      'Delinquency rate against the 50% threshold, discharge-summary timeliness and open deficiencies per clinician.',
  },
  {
    path: 'completion-rules',
    label: 'Completion rules',
    permission: Action.completionRead,
    component: RulesPage,
    description:
      'The record-completion rules per facility: deadlines, signers and delinquency days, with each version and its reason.',
  },
  {
    path: 'completion-notifications',
    label: 'Deficiency notifications',
    permission: Action.completionManage,
    component: NotificationsPage,
    description:
      'Run the deficiency reminders now, retry e-mail that failed, see the suspension list and the escalation ladder.',
  },
  {
    path: 'audit',
    label: 'Audit report',
    permission: Action.auditRead,
    component: AuditReportPage,
    description: 'Search the audit trail of access to patient information and export it.',
  },
  {
    path: 'emergency-access',
    label: 'Emergency access review',
    permission: Action.emergencyAccessReview,
    component: EmergencyAccessReviewPage,
    description: 'Review each break-glass access and record the outcome.',
  },
  {
    path: 'users',
    label: 'Users',
    permission: Action.usersRead,
    component: UsersPage,
    description: 'Staff accounts: roles, MFA, lockouts and emergency-access designation.',
  },
  {
    path: 'security-policy',
    label: 'Security policy',
    permission: Action.securityPolicyManage,
    component: SecurityPolicyPage,
    description: 'Which roles must use two-step sign-in; session and emergency-access limits.',
  },
  {
    path: 'account',
    label: 'My account',
    permission: Action.selfManage,
    component: MyAccountPage,
    description: 'Change your password and sign out of other devices.',
  },
];
