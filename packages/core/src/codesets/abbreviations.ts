/**
 * Clinical abbreviations coders type into a code search, with the words they stand for and, where the ICD-10-CM
 * Alphabetic Index sends the unqualified term to one code, that default code.
 *
 * Sources: the expansion is the abbreviation's ordinary clinical meaning; `defaultCode` is the code the ICD-10-CM Index
 * (FY2023 Index XML, shipped in data/codesets) gives for the main term and subterm named in `indexEntry`, checked to be
 * billable in the FY2026 order file. Where the Index needs more detail (site, type, episode), `defaultCode` is the
 * "unspecified" code of that Index entry; search still lists the specific codes below it.
 */
export interface Abbreviation {
  readonly abbr: string;
  readonly expansion: string;
  readonly system: 'ICD-10-CM' | 'ICD-10-PCS' | 'HCPCS';
  readonly defaultCode?: string | undefined;
  /** The Index path behind defaultCode ("Failure, heart, congestive"). */
  readonly indexEntry?: string | undefined;
}

export const ABBREVIATIONS: readonly Abbreviation[] = [
  {
    abbr: 'chf',
    expansion: 'heart failure',
    system: 'ICD-10-CM',
    defaultCode: 'I509',
    indexEntry: 'Failure, heart, congestive',
  },
  {
    abbr: 'copd',
    expansion: 'chronic obstructive pulmonary disease',
    system: 'ICD-10-CM',
    defaultCode: 'J449',
    indexEntry: 'Disease, lung, obstructive (chronic)',
  },
  {
    abbr: 'uti',
    expansion: 'urinary tract infection',
    system: 'ICD-10-CM',
    defaultCode: 'N390',
    indexEntry: 'Infection, urinary (tract)',
  },
  {
    abbr: 'afib',
    expansion: 'atrial fibrillation',
    system: 'ICD-10-CM',
    defaultCode: 'I4891',
    indexEntry: 'Fibrillation, atrial or auricular (established)',
  },
  {
    abbr: 'af',
    expansion: 'atrial fibrillation',
    system: 'ICD-10-CM',
    defaultCode: 'I4891',
    indexEntry: 'Fibrillation, atrial or auricular (established)',
  },
  {
    abbr: 'aflutter',
    expansion: 'atrial flutter',
    system: 'ICD-10-CM',
    defaultCode: 'I4892',
    indexEntry: 'Flutter, atrial or auricular',
  },
  {
    abbr: 'htn',
    expansion: 'hypertension',
    system: 'ICD-10-CM',
    defaultCode: 'I10',
    indexEntry: 'Hypertension, hypertensive (essential)',
  },
  {
    abbr: 'dm',
    expansion: 'diabetes mellitus',
    system: 'ICD-10-CM',
    defaultCode: 'E119',
    indexEntry: 'Diabetes, diabetic (mellitus)',
  },
  {
    abbr: 'dm1',
    expansion: 'type 1 diabetes mellitus',
    system: 'ICD-10-CM',
    defaultCode: 'E109',
    indexEntry: 'Diabetes, type 1',
  },
  {
    abbr: 'dm2',
    expansion: 'type 2 diabetes mellitus',
    system: 'ICD-10-CM',
    defaultCode: 'E119',
    indexEntry: 'Diabetes, type 2',
  },
  {
    abbr: 't2dm',
    expansion: 'type 2 diabetes mellitus',
    system: 'ICD-10-CM',
    defaultCode: 'E119',
    indexEntry: 'Diabetes, type 2',
  },
  {
    abbr: 't1dm',
    expansion: 'type 1 diabetes mellitus',
    system: 'ICD-10-CM',
    defaultCode: 'E109',
    indexEntry: 'Diabetes, type 1',
  },
  {
    abbr: 'ckd',
    expansion: 'chronic kidney disease',
    system: 'ICD-10-CM',
    defaultCode: 'N189',
    indexEntry: 'Disease, kidney, chronic',
  },
  {
    abbr: 'esrd',
    expansion: 'end stage renal disease',
    system: 'ICD-10-CM',
    defaultCode: 'N186',
    indexEntry: 'Disease, renal, end-stage (failure)',
  },
  {
    abbr: 'aki',
    expansion: 'acute kidney failure',
    system: 'ICD-10-CM',
    defaultCode: 'N179',
    indexEntry: 'Injury, kidney, acute (nontraumatic)',
  },
  {
    abbr: 'mi',
    expansion: 'myocardial infarction',
    system: 'ICD-10-CM',
    defaultCode: 'I219',
    indexEntry: 'Infarct, myocardium (acute)',
  },
  {
    abbr: 'ami',
    expansion: 'acute myocardial infarction',
    system: 'ICD-10-CM',
    defaultCode: 'I219',
    indexEntry: 'Infarct, myocardium (acute)',
  },
  {
    abbr: 'stemi',
    expansion: 'st elevation myocardial infarction',
    system: 'ICD-10-CM',
    defaultCode: 'I213',
    indexEntry: 'Infarct, myocardium, ST elevation (STEMI)',
  },
  {
    abbr: 'nstemi',
    expansion: 'non st elevation myocardial infarction',
    system: 'ICD-10-CM',
    defaultCode: 'I214',
    indexEntry: 'Infarct, myocardium, non-ST elevation (NSTEMI)',
  },
  {
    abbr: 'cad',
    expansion: 'atherosclerotic heart disease coronary artery',
    system: 'ICD-10-CM',
    defaultCode: 'I2510',
    indexEntry: 'Disease, artery, coronary',
  },
  {
    abbr: 'gerd',
    expansion: 'gastro esophageal reflux disease',
    system: 'ICD-10-CM',
    defaultCode: 'K219',
    indexEntry: 'Disease, gastroesophageal reflux (GERD)',
  },
  {
    abbr: 'cva',
    expansion: 'cerebral infarction',
    system: 'ICD-10-CM',
    defaultCode: 'I639',
    indexEntry: 'Accident, cerebrovascular (embolic) (ischemic) (thrombotic)',
  },
  {
    abbr: 'tia',
    expansion: 'transient cerebral ischemic attack',
    system: 'ICD-10-CM',
    defaultCode: 'G459',
    indexEntry: 'Attack, transient ischemic (TIA)',
  },
  {
    abbr: 'dvt',
    expansion: 'deep vein thrombosis embolism',
    system: 'ICD-10-CM',
    defaultCode: 'I82409',
    indexEntry: 'Thrombosis, vein, deep',
  },
  {
    abbr: 'pe',
    expansion: 'pulmonary embolism',
    system: 'ICD-10-CM',
    defaultCode: 'I2699',
    indexEntry: 'Embolism, pulmonary',
  },
  {
    abbr: 'osa',
    expansion: 'obstructive sleep apnea',
    system: 'ICD-10-CM',
    defaultCode: 'G4733',
    indexEntry: 'Apnea, sleep, obstructive',
  },
  {
    abbr: 'uri',
    expansion: 'acute upper respiratory infection',
    system: 'ICD-10-CM',
    defaultCode: 'J069',
    indexEntry: 'Infection, respiratory, upper (acute)',
  },
  {
    abbr: 'bph',
    expansion: 'benign prostatic hyperplasia',
    system: 'ICD-10-CM',
    defaultCode: 'N400',
    indexEntry: 'Hyperplasia, prostate',
  },
  {
    abbr: 'ra',
    expansion: 'rheumatoid arthritis',
    system: 'ICD-10-CM',
    defaultCode: 'M069',
    indexEntry: 'Arthritis, rheumatoid',
  },
  { abbr: 'oa', expansion: 'osteoarthritis', system: 'ICD-10-CM', defaultCode: 'M1990', indexEntry: 'Osteoarthritis' },
  { abbr: 'hld', expansion: 'hyperlipidemia', system: 'ICD-10-CM', defaultCode: 'E785', indexEntry: 'Hyperlipidemia' },
  {
    abbr: 'ibs',
    expansion: 'irritable bowel syndrome',
    system: 'ICD-10-CM',
    defaultCode: 'K589',
    indexEntry: 'Syndrome, irritable bowel',
  },
  {
    abbr: 'sob',
    expansion: 'shortness of breath',
    system: 'ICD-10-CM',
    defaultCode: 'R0602',
    indexEntry: 'Shortness, breath',
  },
  { abbr: 'hf', expansion: 'heart failure', system: 'ICD-10-CM', defaultCode: 'I509', indexEntry: 'Failure, heart' },
  {
    abbr: 'ptsd',
    expansion: 'post traumatic stress disorder',
    system: 'ICD-10-CM',
    defaultCode: 'F4310',
    indexEntry: 'Disorder, post-traumatic stress (PTSD)',
  },
  {
    abbr: 'adhd',
    expansion: 'attention deficit hyperactivity disorder',
    system: 'ICD-10-CM',
    defaultCode: 'F909',
    indexEntry: 'Disorder, attention-deficit hyperactivity',
  },
  {
    abbr: 'hiv',
    expansion: 'human immunodeficiency virus',
    system: 'ICD-10-CM',
    defaultCode: 'B20',
    indexEntry: 'Human immunodeficiency virus (HIV) disease',
  },
  {
    abbr: 'ms',
    expansion: 'multiple sclerosis',
    system: 'ICD-10-CM',
    defaultCode: 'G35D',
    indexEntry: 'Sclerosis, multiple',
  },
  { abbr: 'lbp', expansion: 'low back pain', system: 'ICD-10-CM', defaultCode: 'M5450', indexEntry: 'Pain, low back' },
  { abbr: 'ha', expansion: 'headache', system: 'ICD-10-CM', defaultCode: 'R519', indexEntry: 'Headache' },
  { abbr: 'etoh', expansion: 'alcohol', system: 'ICD-10-CM' },
  { abbr: 'fx', expansion: 'fracture', system: 'ICD-10-CM' },
  { abbr: 'lt', expansion: 'left', system: 'ICD-10-CM' },
  { abbr: 'rt', expansion: 'right', system: 'ICD-10-CM' },
  { abbr: 'bilat', expansion: 'bilateral', system: 'ICD-10-CM' },
  // ICD-10-PCS names the approach and the root operation, not the procedure's common name [PCS Definitions FY2026,
  // approach "Percutaneous Endoscopic", root operation "Resection"].
  { abbr: 'lap', expansion: 'percutaneous endoscopic', system: 'ICD-10-PCS' },
  { abbr: 'laparoscopic', expansion: 'percutaneous endoscopic', system: 'ICD-10-PCS' },
  { abbr: 'appendectomy', expansion: 'resection appendix', system: 'ICD-10-PCS' },
  { abbr: 'cholecystectomy', expansion: 'resection gallbladder', system: 'ICD-10-PCS' },
];

/** Lookup by lower-case abbreviation. */
export const ABBREVIATION_MAP: ReadonlyMap<string, Abbreviation> = new Map(ABBREVIATIONS.map((a) => [a.abbr, a]));
