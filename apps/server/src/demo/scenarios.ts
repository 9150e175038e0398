/**
 * Clinical scenarios the demo data is drawn from: each one a kind of visit in one care setting, with the diagnoses and
 * procedures its notes describe. Diagnoses are ICD-10-CM, inpatient procedures ICD-10-PCS, outpatient supplies and
 * drugs HCPCS Level II, and professional services made-up codes of the test form "four digits + Z" (Charta never ships
 * CPT codes; see data/codesets/CPT-FORMAT.md). Displays are the code sets' long titles; a unit test checks every code
 * and title against the shipped releases. Sequencing follows the ICD-10-CM Official Guidelines (FY2026): for example
 * hypertension with heart failure is I11.0 first (I.C.9.a.1), sepsis before its localized infection (I.C.1.d.4).
 */

export const Setting = {
  inpatient: 'inpatient',
  emergency: 'emergency',
  observation: 'observation',
  outpatient: 'outpatient',
  skilledNursing: 'skilled_nursing',
  behavioralHealth: 'behavioral_health',
} as const;
export type Setting = (typeof Setting)[keyof typeof Setting];

export const Specialty = {
  hospitalist: 'Hospital Medicine',
  internal: 'Internal Medicine',
  family: 'Family Medicine',
  cardiology: 'Cardiology',
  pulmonology: 'Pulmonary Disease',
  infectious: 'Infectious Disease',
  orthopedics: 'Orthopedic Surgery',
  generalSurgery: 'General Surgery',
  podiatry: 'Podiatry',
  pediatrics: 'Pediatrics',
  obstetrics: 'Obstetrics and Gynecology',
  neurology: 'Neurology',
  gastroenterology: 'Gastroenterology',
  emergency: 'Emergency Medicine',
  psychiatry: 'Psychiatry',
  ophthalmology: 'Ophthalmology',
  rehabilitation: 'Physical Medicine and Rehabilitation',
  nephrology: 'Nephrology',
} as const;
export type Specialty = (typeof Specialty)[keyof typeof Specialty];

/** UB-04 FL 17 patient discharge status, with the nearest FHIR R4 discharge-disposition code. */
export const Disposition = {
  home: { nubc: '01', fhir: 'home', text: 'Discharged home' },
  shortTermHospital: { nubc: '02', fhir: 'other-hcf', text: 'Transferred to a short-term acute care hospital' },
  snf: { nubc: '03', fhir: 'snf', text: 'Discharged to a skilled nursing facility' },
  homeHealth: { nubc: '06', fhir: 'home', text: 'Discharged home with home health services' },
  againstAdvice: { nubc: '07', fhir: 'aadvice', text: 'Left against medical advice' },
  expired: { nubc: '20', fhir: 'exp', text: 'Expired' },
  rehab: { nubc: '62', fhir: 'rehab', text: 'Discharged to an inpatient rehabilitation facility' },
} as const;
export type Disposition = (typeof Disposition)[keyof typeof Disposition];

/**
 * Where the patient came from: UB-04 FL 15 point of origin and the FHIR admit-source code. Emergency admissions carry
 * point of origin 1 (code 7, "emergency room", was retired by the NUBC in 2010).
 */
export const Origin = {
  emergency: { nubc: '1', fhir: 'emd', text: 'Admitted through the emergency department' },
  physician: { nubc: '2', fhir: 'gp', text: 'Physician or clinic referral' },
  hospitalTransfer: { nubc: '4', fhir: 'hosp-trans', text: 'Transfer from a hospital' },
  bornHere: { nubc: '5', fhir: 'born', text: 'Born inside this hospital' },
  home: { nubc: '1', fhir: 'other', text: 'Non-health care facility point of origin' },
} as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

/** UB-04 FL 14 priority (type) of admission, with the v3 ActPriority code FHIR uses for Encounter.priority. */
export const AdmitType = {
  emergency: { nubc: '1', v3: 'EM', text: 'Emergency' },
  urgent: { nubc: '2', v3: 'UR', text: 'Urgent' },
  elective: { nubc: '3', v3: 'EL', text: 'Elective' },
  newborn: { nubc: '4', v3: 'R', text: 'Newborn' },
} as const;
export type AdmitType = (typeof AdmitType)[keyof typeof AdmitType];

export interface DiagnosisSpec {
  readonly code: string;
  readonly display: string;
  /** How a clinician writes it in a note; every note set of the encounter uses this phrase. */
  readonly term: string;
  /** Probability that an encounter of the scenario has it (default 1). */
  readonly chance?: number;
  /** A chronic condition appears in the past history too. */
  readonly chronic?: boolean;
}

export type ProcedureSystem = 'ICD-10-PCS' | 'CPT' | 'HCPCS';

export interface ProcedureSpec {
  readonly system: ProcedureSystem;
  readonly code: string;
  readonly display: string;
  readonly term: string;
  /** Days after admission it is done (clamped to the stay). */
  readonly day: number;
  /** An operation: documented in an operative report and performed by the surgeon. */
  readonly operative?: boolean;
  readonly chance?: number;
  readonly units?: number;
}

export interface OperationStory {
  readonly anesthesia: string;
  readonly indication: string;
  readonly findings: string;
  readonly technique: string;
  readonly bloodLoss: string;
  readonly specimens: string;
}

/** The narrative the notes are assembled from. `{age}` and `{sex}` are filled in per patient. */
export interface Story {
  readonly complaint: string;
  readonly history: string;
  readonly exam: string;
  readonly studies: string;
  readonly course: string;
  readonly plan: string;
  readonly progress?: readonly string[];
  readonly operation?: OperationStory;
  readonly consultReason?: string;
  readonly consultOpinion?: string;
  readonly followUp: string;
}

export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly setting: Setting;
  /** Relative frequency among the scenarios. */
  readonly weight: number;
  readonly ages: readonly [number, number];
  readonly sex?: 'female' | 'male';
  readonly service: { readonly code: string; readonly display: string };
  readonly attending: Specialty;
  readonly consultant?: Specialty;
  readonly surgeon?: Specialty;
  readonly admitType: AdmitType;
  readonly origin: Origin;
  /** Length of stay in days (0: same day). */
  readonly stay: readonly [number, number];
  readonly dispositions: readonly (readonly [Disposition, number])[];
  /** Expected charges in dollars. */
  readonly charges: readonly [number, number];
  readonly diagnoses: readonly DiagnosisSpec[];
  readonly procedures: readonly ProcedureSpec[];
  readonly story: Story;
  /** Behavioral health and substance use records carry a sensitivity label (42 CFR Part 2; state law). */
  readonly sensitivity?: 'PSY' | 'ETH';
}

const HTN: DiagnosisSpec = {
  code: 'I10',
  display: 'Essential (primary) hypertension',
  term: 'essential hypertension',
  chronic: true,
};
const HLD: DiagnosisSpec = {
  code: 'E78.5',
  display: 'Hyperlipidemia, unspecified',
  term: 'hyperlipidemia',
  chronic: true,
};
const SMOKER: DiagnosisSpec = {
  code: 'F17.210',
  display: 'Nicotine dependence, cigarettes, uncomplicated',
  term: 'nicotine dependence (cigarettes)',
  chronic: true,
};

const E_M_VISIT = (code: string, term: string): ProcedureSpec => ({
  system: 'CPT',
  code,
  display: `Made-up ${term}, synthetic test code`,
  term,
  day: 0,
});

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'heart-failure-respiratory-failure',
    label: 'Acute on chronic systolic heart failure with acute hypoxic respiratory failure',
    setting: Setting.inpatient,
    weight: 7,
    ages: [58, 92],
    service: { code: 'CAR', display: 'Cardiology' },
    attending: Specialty.hospitalist,
    consultant: Specialty.cardiology,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [3, 7],
    dispositions: [
      [Disposition.home, 5],
      [Disposition.homeHealth, 3],
      [Disposition.snf, 2],
    ],
    charges: [38_000, 72_000],
    diagnoses: [
      {
        code: 'I11.0',
        display: 'Hypertensive heart disease with heart failure',
        term: 'hypertensive heart disease with heart failure',
        chronic: true,
      },
      {
        code: 'I50.23',
        display: 'Acute on chronic systolic (congestive) heart failure',
        term: 'acute on chronic systolic heart failure',
      },
      { code: 'J96.01', display: 'Acute respiratory failure with hypoxia', term: 'acute hypoxic respiratory failure' },
      { ...HLD, chance: 0.6 },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '5A09357',
        display:
          'Assistance with Respiratory Ventilation, Less than 24 Consecutive Hours, Continuous Positive Airway Pressure',
        term: 'noninvasive positive pressure ventilation (CPAP)',
        day: 0,
        chance: 0.6,
      },
    ],
    story: {
      complaint: 'shortness of breath and leg swelling',
      history:
        'presents with three days of worsening dyspnea on exertion, orthopnea requiring three pillows and bilateral leg swelling after running out of furosemide. Known ejection fraction of 30 percent.',
      exam: 'Respiratory rate 28, oxygen saturation 84 percent on room air. Jugular venous distension to the angle of the jaw, bibasilar crackles, 2+ pitting edema to the knees.',
      studies:
        'BNP 1,840 pg/mL. Arterial blood gas pH 7.36, pO2 52 mmHg on room air. Chest radiograph: cardiomegaly with pulmonary vascular congestion and small bilateral effusions. Echocardiogram: ejection fraction 25 to 30 percent.',
      course:
        'Placed on noninvasive ventilation in the emergency department and weaned to nasal cannula within a day. Diuresed with intravenous furosemide, net negative 6 liters. Guideline-directed medical therapy resumed and titrated.',
      plan: 'Intravenous diuresis, daily weights, strict intake and output, fluid restriction, titrate oxygen to saturation above 92 percent.',
      progress: [
        'Breathing easier, off noninvasive ventilation, on 2 liters nasal cannula. Net negative 2.1 liters.',
        'Walked the hallway on room air. Creatinine stable. Transition to oral diuretic.',
      ],
      consultReason: 'management of decompensated heart failure',
      consultOpinion:
        'Volume overloaded with reduced ejection fraction; continue diuresis, start sacubitril-valsartan when euvolemic.',
      followUp: 'Heart failure clinic in 7 days; basic metabolic panel in 1 week.',
    },
  },
  {
    id: 'pneumonia-severe-sepsis',
    label: 'Severe sepsis due to pneumonia with acute kidney injury',
    setting: Setting.inpatient,
    weight: 6,
    ages: [45, 95],
    service: { code: 'MED', display: 'Internal Medicine' },
    attending: Specialty.hospitalist,
    consultant: Specialty.infectious,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [4, 9],
    dispositions: [
      [Disposition.home, 4],
      [Disposition.homeHealth, 2],
      [Disposition.snf, 3],
    ],
    charges: [45_000, 98_000],
    diagnoses: [
      { code: 'A41.9', display: 'Sepsis, unspecified organism', term: 'sepsis' },
      { code: 'J18.9', display: 'Pneumonia, unspecified organism', term: 'community-acquired pneumonia' },
      { code: 'R65.20', display: 'Severe sepsis without septic shock', term: 'severe sepsis without septic shock' },
      { code: 'N17.9', display: 'Acute kidney failure, unspecified', term: 'acute kidney injury' },
      { code: 'E86.0', display: 'Dehydration', term: 'dehydration', chance: 0.5 },
      { ...HTN, chance: 0.6 },
    ],
    procedures: [],
    story: {
      complaint: 'fever, cough and confusion',
      history:
        'was brought in by family with four days of productive cough, fevers to 39.4 C and one day of new confusion and poor oral intake.',
      exam: 'Temperature 39.1 C, heart rate 118, blood pressure 94/58, respiratory rate 26. Dry mucous membranes, right lower lobe bronchial breath sounds.',
      studies:
        'White count 19.8, lactate 3.4 mmol/L, creatinine 2.3 mg/dL from a baseline of 0.9. Chest radiograph: right lower lobe consolidation. Blood cultures pending.',
      course:
        'Sepsis bundle started within the first hour: 30 mL/kg crystalloid, blood cultures, ceftriaxone and azithromycin. Lactate cleared by hospital day 2; blood pressure never required vasopressors. Creatinine returned to 1.1 with fluids.',
      plan: 'Broad-spectrum antibiotics, fluid resuscitation, trend lactate and creatinine, hold nephrotoxins.',
      progress: [
        'Defervesced overnight, mentation back to baseline. Lactate 1.6. Urine output improving.',
        'Creatinine 1.4. Cultures without growth; narrowed to oral antibiotics.',
      ],
      consultReason: 'antibiotic selection for sepsis from pneumonia',
      consultOpinion:
        'No risk factors for resistant organisms; ceftriaxone and azithromycin appropriate, total 7 days.',
      followUp: 'Primary care in 1 week with repeat chest radiograph in 6 weeks.',
    },
  },
  {
    id: 'elective-hip-replacement',
    label: 'Elective total hip replacement for osteoarthritis',
    setting: Setting.inpatient,
    weight: 5,
    ages: [55, 84],
    service: { code: 'ORT', display: 'Orthopedics' },
    attending: Specialty.orthopedics,
    surgeon: Specialty.orthopedics,
    consultant: Specialty.internal,
    admitType: AdmitType.elective,
    origin: Origin.physician,
    stay: [1, 3],
    dispositions: [
      [Disposition.home, 3],
      [Disposition.homeHealth, 4],
      [Disposition.snf, 2],
    ],
    charges: [52_000, 86_000],
    diagnoses: [
      {
        code: 'M16.11',
        display: 'Unilateral primary osteoarthritis, right hip',
        term: 'primary osteoarthritis of the right hip',
      },
      { ...HTN, chance: 0.5 },
      { code: 'E66.9', display: 'Obesity, unspecified', term: 'obesity', chance: 0.3, chronic: true },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '0SR9019',
        display: 'Replacement of Right Hip Joint with Metal Synthetic Substitute, Cemented, Open Approach',
        term: 'right total hip arthroplasty, cemented',
        day: 0,
        operative: true,
      },
    ],
    story: {
      complaint: 'right hip pain',
      history:
        'has had progressive right groin and hip pain for four years, now limiting walking to one block despite physical therapy, injections and anti-inflammatories. Admitted for planned arthroplasty.',
      exam: 'Antalgic gait. Right hip flexion to 80 degrees with pain on internal rotation. Neurovascularly intact distally.',
      studies:
        'Radiographs: severe right hip joint space narrowing with subchondral sclerosis and osteophytes. Preoperative hemoglobin 13.1.',
      course:
        'Underwent right total hip arthroplasty on the day of admission without complication. Mobilized with physical therapy on postoperative day 0. Pain controlled with oral analgesics; aspirin for thromboprophylaxis.',
      plan: 'Proceed to surgery; perioperative antibiotics, multimodal analgesia, early mobilization, thromboprophylaxis.',
      progress: ['Postoperative day 1: ambulated 150 feet with walker. Dressing dry. Hemoglobin 11.2.'],
      operation: {
        anesthesia: 'spinal anesthesia with sedation',
        indication: 'End-stage primary osteoarthritis of the right hip that failed conservative management.',
        findings: 'Eburnated femoral head with large osteophytes; acetabular cartilage loss.',
        technique:
          'Posterolateral approach. Femoral neck osteotomy, acetabulum reamed and a cemented cup placed, femoral canal prepared and a cemented stem with metal head seated. Hip stable through range of motion. Layered closure.',
        bloodLoss: '300 mL',
        specimens: 'Right femoral head to pathology',
      },
      consultReason: 'perioperative medical management',
      consultOpinion: 'Medically optimized; continue home antihypertensives after surgery, monitor renal function.',
      followUp: 'Orthopedic clinic in 2 weeks for wound check; home exercise program.',
    },
  },
  {
    id: 'hip-fracture-fixation',
    label: 'Fall with right femoral neck fracture, internal fixation',
    setting: Setting.inpatient,
    weight: 3,
    ages: [68, 98],
    service: { code: 'ORT', display: 'Orthopedics' },
    attending: Specialty.hospitalist,
    surgeon: Specialty.orthopedics,
    consultant: Specialty.orthopedics,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [3, 6],
    dispositions: [
      [Disposition.snf, 6],
      [Disposition.rehab, 2],
      [Disposition.homeHealth, 1],
    ],
    charges: [48_000, 90_000],
    diagnoses: [
      {
        code: 'S72.001A',
        display: 'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture',
        term: 'closed fracture of the right femoral neck',
      },
      { code: 'W19.XXXA', display: 'Unspecified fall, initial encounter', term: 'fall at home' },
      {
        code: 'Y92.009',
        display:
          'Unspecified place in unspecified non-institutional (private) residence as the place of occurrence of the external cause',
        term: 'fall at home',
      },
      { code: 'D62', display: 'Acute posthemorrhagic anemia', term: 'acute blood loss anemia', chance: 0.4 },
      { ...HTN, chance: 0.7 },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '0QS634Z',
        display: 'Reposition Right Upper Femur with Internal Fixation Device, Percutaneous Approach',
        term: 'percutaneous screw fixation of the right femoral neck',
        day: 1,
        operative: true,
      },
    ],
    story: {
      complaint: 'fall with right hip pain',
      history:
        'tripped over a rug at home, landed on the right side and could not bear weight afterwards. No head strike, no loss of consciousness.',
      exam: 'Right leg shortened and externally rotated, pain with any hip motion. Distal pulses intact.',
      studies:
        'Pelvis and right hip radiographs: minimally displaced right femoral neck fracture. Hemoglobin 12.4, later 8.9 after surgery.',
      course:
        'Medically cleared and taken to surgery on hospital day 1 for fixation. Postoperative hemoglobin drift treated with one unit of packed red cells where noted. Weight bearing as tolerated with physical therapy.',
      plan: 'Pain control, hold anticoagulants, surgery in the morning, physical therapy after fixation.',
      progress: [
        'Post-fixation day 1: pain controlled, worked with physical therapy, needs moderate assistance to transfer.',
      ],
      operation: {
        anesthesia: 'general endotracheal anesthesia',
        indication: 'Minimally displaced right femoral neck fracture after a fall.',
        findings: 'Fracture reduced to near-anatomic alignment under fluoroscopy.',
        technique:
          'Fracture table, closed reduction confirmed on biplanar fluoroscopy. Three cannulated screws placed percutaneously in an inverted triangle configuration. Stab incisions closed.',
        bloodLoss: '50 mL',
        specimens: 'None',
      },
      consultReason: 'surgical management of the right hip fracture',
      consultOpinion: 'Candidate for percutaneous fixation; keep nothing by mouth after midnight.',
      followUp: 'Orthopedic clinic in 2 weeks; skilled nursing for rehabilitation.',
    },
  },
  {
    id: 'appendicitis-appendectomy',
    label: 'Acute appendicitis, laparoscopic appendectomy',
    setting: Setting.inpatient,
    weight: 3,
    ages: [8, 64],
    service: { code: 'SUR', display: 'General Surgery' },
    attending: Specialty.generalSurgery,
    surgeon: Specialty.generalSurgery,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [1, 2],
    dispositions: [[Disposition.home, 1]],
    charges: [24_000, 41_000],
    diagnoses: [{ code: 'K35.80', display: 'Unspecified acute appendicitis', term: 'acute appendicitis' }],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '0DTJ4ZZ',
        display: 'Resection of Appendix, Percutaneous Endoscopic Approach',
        term: 'laparoscopic appendectomy',
        day: 0,
        operative: true,
      },
    ],
    story: {
      complaint: 'abdominal pain',
      history:
        'has had periumbilical pain for 18 hours that moved to the right lower quadrant, with anorexia and one episode of vomiting.',
      exam: 'Temperature 38.2 C. Tender at McBurney point with voluntary guarding; positive Rovsing sign.',
      studies:
        'White count 14.6 with left shift. CT abdomen and pelvis: dilated, fat-stranded appendix of 11 mm without abscess or free air.',
      course:
        'Taken for laparoscopic appendectomy the evening of admission. Tolerated diet the next morning, pain controlled on oral medication.',
      plan: 'Nothing by mouth, intravenous fluids and antibiotics, laparoscopic appendectomy tonight.',
      operation: {
        anesthesia: 'general endotracheal anesthesia',
        indication: 'Acute appendicitis on CT with peritoneal signs.',
        findings: 'Inflamed, non-perforated appendix with surrounding serous fluid.',
        technique:
          'Three-port laparoscopy. Mesoappendix divided with an energy device, appendix base stapled and the appendix removed in a bag. Right lower quadrant irrigated. Ports closed.',
        bloodLoss: 'minimal, under 20 mL',
        specimens: 'Appendix to pathology',
      },
      followUp: 'Surgery clinic in 2 weeks; no heavy lifting for 2 weeks.',
    },
  },
  {
    id: 'copd-exacerbation',
    label: 'COPD exacerbation',
    setting: Setting.inpatient,
    weight: 5,
    ages: [52, 88],
    service: { code: 'PUL', display: 'Pulmonary Medicine' },
    attending: Specialty.hospitalist,
    consultant: Specialty.pulmonology,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [2, 5],
    dispositions: [
      [Disposition.home, 6],
      [Disposition.homeHealth, 2],
      [Disposition.againstAdvice, 0.3],
    ],
    charges: [18_000, 39_000],
    diagnoses: [
      {
        code: 'J44.1',
        display: 'Chronic obstructive pulmonary disease with (acute) exacerbation',
        term: 'COPD with acute exacerbation',
        chronic: true,
      },
      { ...SMOKER, chance: 0.7 },
      {
        code: 'Z99.81',
        display: 'Dependence on supplemental oxygen',
        term: 'dependence on home oxygen',
        chance: 0.4,
        chronic: true,
      },
      { ...HTN, chance: 0.5 },
    ],
    procedures: [],
    story: {
      complaint: 'worsening shortness of breath and wheezing',
      history: 'reports five days of increased sputum, now green, and wheezing unrelieved by home nebulizers.',
      exam: 'Speaking in short sentences, diffuse expiratory wheezes, prolonged expiratory phase, accessory muscle use. Saturation 87 percent on room air.',
      studies:
        'Venous blood gas pH 7.33, pCO2 54. Chest radiograph: hyperinflation without consolidation. White count 11.2.',
      course:
        'Treated with scheduled bronchodilators, oral prednisone and doxycycline. Oxygen weaned to baseline. Inhaler technique reviewed and smoking cessation counselled.',
      plan: 'Nebulized bronchodilators, systemic steroids for 5 days, antibiotic for purulent sputum, titrate oxygen to 88 to 92 percent.',
      progress: ['Wheezing improved, saturation 91 percent on 2 liters. Tolerating diet.'],
      consultReason: 'recurrent COPD exacerbations',
      consultOpinion: 'Step up to triple inhaled therapy; pulmonary rehabilitation referral.',
      followUp: 'Pulmonary clinic in 2 weeks; pulmonary rehabilitation.',
    },
  },
  {
    id: 'diabetic-foot-ulcer',
    label: 'Type 2 diabetes with right foot ulcer, excisional debridement',
    setting: Setting.inpatient,
    weight: 3,
    ages: [42, 85],
    service: { code: 'MED', display: 'Internal Medicine' },
    attending: Specialty.hospitalist,
    surgeon: Specialty.podiatry,
    consultant: Specialty.infectious,
    admitType: AdmitType.urgent,
    origin: Origin.physician,
    stay: [3, 7],
    dispositions: [
      [Disposition.homeHealth, 4],
      [Disposition.home, 2],
      [Disposition.snf, 1],
    ],
    charges: [26_000, 54_000],
    diagnoses: [
      { code: 'E11.621', display: 'Type 2 diabetes mellitus with foot ulcer', term: 'type 2 diabetes with foot ulcer' },
      {
        code: 'L97.512',
        display: 'Non-pressure chronic ulcer of other part of right foot with fat layer exposed',
        term: 'chronic ulcer of the right forefoot with fat layer exposed',
      },
      {
        code: 'E11.65',
        display: 'Type 2 diabetes mellitus with hyperglycemia',
        term: 'type 2 diabetes with hyperglycemia',
      },
      {
        code: 'Z79.4',
        display: 'Long term (current) use of insulin',
        term: 'long-term insulin use',
        chance: 0.6,
        chronic: true,
      },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '0JBQ0ZZ',
        display: 'Excision of Right Foot Subcutaneous Tissue and Fascia, Open Approach',
        term: 'excisional debridement of the right foot ulcer to subcutaneous tissue',
        day: 1,
        operative: true,
      },
    ],
    story: {
      complaint: 'draining wound on the right foot',
      history:
        'noticed drainage and redness around a plantar ulcer under the right first metatarsal head present for six weeks. Blood sugars running over 300.',
      exam: '2.5 cm plantar ulcer with fat layer exposed, surrounding erythema of 2 cm, no probe to bone. Diminished monofilament sensation bilaterally.',
      studies: 'Hemoglobin A1c 10.8 percent. Glucose 342. Foot radiographs: no osteomyelitis. ESR 38.',
      course:
        'Intravenous antibiotics for surrounding cellulitis, insulin regimen intensified. Excisional debridement in the operating room on hospital day 1. Offloading shoe and wound care teaching before discharge.',
      plan: 'Antibiotics, basal-bolus insulin, podiatry for debridement, offloading.',
      progress: ['Erythema receding after antibiotics; fasting glucose 168 on basal-bolus insulin.'],
      operation: {
        anesthesia: 'monitored anesthesia care with local ankle block',
        indication: 'Non-healing diabetic ulcer of the right foot with nonviable tissue.',
        findings: 'Fibrotic and necrotic subcutaneous tissue at the ulcer base; no bone exposed.',
        technique:
          'Sharp excisional debridement of skin, fibrotic and necrotic subcutaneous tissue to bleeding healthy tissue with a curette and scalpel. Final wound 3.0 by 2.2 by 0.4 cm. Dressing applied.',
        bloodLoss: '10 mL',
        specimens: 'Deep tissue for culture',
      },
      consultReason: 'cellulitis around a diabetic foot ulcer',
      consultOpinion: 'Mild to moderate infection without osteomyelitis; 10 days of cephalexin after discharge.',
      followUp: 'Wound clinic weekly; endocrinology in 4 weeks.',
    },
  },
  {
    id: 'stroke',
    label: 'Acute ischemic stroke',
    setting: Setting.inpatient,
    weight: 3,
    ages: [55, 92],
    service: { code: 'NEU', display: 'Neurology' },
    attending: Specialty.neurology,
    consultant: Specialty.cardiology,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [3, 6],
    dispositions: [
      [Disposition.rehab, 4],
      [Disposition.snf, 3],
      [Disposition.home, 2],
    ],
    charges: [34_000, 76_000],
    diagnoses: [
      { code: 'I63.9', display: 'Cerebral infarction, unspecified', term: 'acute ischemic stroke' },
      {
        code: 'I48.91',
        display: 'Unspecified atrial fibrillation',
        term: 'atrial fibrillation',
        chance: 0.5,
        chronic: true,
      },
      { ...HTN, chance: 0.8 },
      { ...HLD, chance: 0.6 },
    ],
    procedures: [],
    story: {
      complaint: 'sudden right-sided weakness and trouble speaking',
      history:
        'was found by a family member with right arm and leg weakness and slurred speech, last known well 6 hours earlier.',
      exam: 'NIH stroke scale 7: right facial droop, right arm drift, mild right leg weakness, expressive aphasia.',
      studies:
        'CT head: no hemorrhage. CT angiography: no large vessel occlusion. MRI brain: acute left middle cerebral artery territory infarct.',
      course:
        'Outside the thrombolysis window. Permissive hypertension for 24 hours, then antiplatelet and statin therapy. Swallow evaluation passed. Telemetry and echocardiogram completed for the stroke workup.',
      plan: 'Neurologic checks every 2 hours, swallow screen, antiplatelet therapy, statin, telemetry, therapy evaluations.',
      progress: ['Speech improving; right arm drift persists. Passed swallow study.'],
      consultReason: 'cardioembolic source evaluation',
      consultOpinion: 'Echocardiogram without thrombus; anticoagulation if atrial fibrillation is confirmed.',
      followUp: 'Stroke clinic in 4 weeks; outpatient therapy.',
    },
  },
  {
    id: 'urosepsis',
    label: 'Sepsis due to E. coli urinary tract infection',
    setting: Setting.inpatient,
    weight: 3,
    ages: [60, 98],
    service: { code: 'MED', display: 'Internal Medicine' },
    attending: Specialty.hospitalist,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [3, 6],
    dispositions: [
      [Disposition.home, 3],
      [Disposition.snf, 2],
    ],
    charges: [22_000, 48_000],
    diagnoses: [
      { code: 'A41.51', display: 'Sepsis due to Escherichia coli [E. coli]', term: 'sepsis due to E. coli' },
      { code: 'N39.0', display: 'Urinary tract infection, site not specified', term: 'urinary tract infection' },
      { code: 'E86.0', display: 'Dehydration', term: 'dehydration', chance: 0.4 },
      {
        code: 'F03.90',
        display:
          'Unspecified dementia, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety',
        term: 'dementia',
        chance: 0.4,
        chronic: true,
      },
    ],
    procedures: [],
    story: {
      complaint: 'fever and confusion',
      history: 'has had two days of dysuria and urinary frequency followed by fever, chills and new confusion.',
      exam: 'Temperature 38.9 C, heart rate 112, blood pressure 104/62. Suprapubic tenderness, no costovertebral angle tenderness.',
      studies:
        'Urinalysis: large leukocyte esterase, nitrite positive. White count 17.1, lactate 2.4. Blood and urine cultures grew E. coli sensitive to ceftriaxone.',
      course:
        'Fluids and ceftriaxone; bacteremia cleared on repeat cultures. Mentation returned to baseline. Completed course with oral cephalexin.',
      plan: 'Intravenous ceftriaxone, fluids, follow cultures, delirium precautions.',
      progress: ['Afebrile for 24 hours; blood cultures growing E. coli, sensitive to ceftriaxone.'],
      followUp: 'Primary care in 1 week.',
    },
  },
  {
    id: 'gi-bleed',
    label: 'Lower gastrointestinal hemorrhage with acute blood loss anemia',
    setting: Setting.inpatient,
    weight: 2,
    ages: [55, 92],
    service: { code: 'GI', display: 'Gastroenterology' },
    attending: Specialty.hospitalist,
    consultant: Specialty.gastroenterology,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [2, 5],
    dispositions: [[Disposition.home, 1]],
    charges: [21_000, 44_000],
    diagnoses: [
      { code: 'K92.2', display: 'Gastrointestinal hemorrhage, unspecified', term: 'gastrointestinal hemorrhage' },
      { code: 'D62', display: 'Acute posthemorrhagic anemia', term: 'acute blood loss anemia' },
      {
        code: 'Z79.01',
        display: 'Long term (current) use of anticoagulants',
        term: 'long-term anticoagulant use',
        chance: 0.4,
        chronic: true,
      },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '0DJD8ZZ',
        display: 'Inspection of Lower Intestinal Tract, Via Natural or Artificial Opening Endoscopic',
        term: 'colonoscopy',
        day: 1,
      },
    ],
    story: {
      complaint: 'blood in the stool and lightheadedness',
      history: 'passed several maroon stools since the morning and felt lightheaded on standing.',
      exam: 'Heart rate 104, orthostatic. Maroon stool on rectal examination. Abdomen soft and non-tender.',
      studies: 'Hemoglobin 7.6 from a baseline of 12. BUN 28. INR 1.1.',
      course:
        'Transfused two units of red cells. Colonoscopy on hospital day 1 showed diverticula without active bleeding. Hemoglobin stable at 9.1 for 24 hours before discharge.',
      plan: 'Two large-bore intravenous lines, type and cross, transfuse to hemoglobin above 7, bowel preparation for colonoscopy.',
      progress: ['No further bleeding after two units; hemoglobin 9.0. Bowel preparation tonight.'],
      consultReason: 'lower gastrointestinal bleeding',
      consultOpinion: 'Likely diverticular source; colonoscopy after preparation.',
      followUp: 'Primary care in 1 week with a blood count.',
    },
  },
  {
    id: 'vaginal-delivery',
    label: 'Full-term uncomplicated vaginal delivery',
    setting: Setting.inpatient,
    weight: 4,
    ages: [19, 41],
    sex: 'female',
    service: { code: 'OB', display: 'Obstetrics' },
    attending: Specialty.obstetrics,
    admitType: AdmitType.urgent,
    origin: Origin.home,
    stay: [1, 2],
    dispositions: [[Disposition.home, 1]],
    charges: [11_000, 19_000],
    diagnoses: [
      {
        code: 'O80',
        display: 'Encounter for full-term uncomplicated delivery',
        term: 'full-term uncomplicated delivery',
      },
      { code: 'Z37.0', display: 'Single live birth', term: 'single live birth' },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '10E0XZZ',
        display: 'Delivery of Products of Conception, External Approach',
        term: 'spontaneous vaginal delivery',
        day: 0,
      },
    ],
    story: {
      complaint: 'contractions',
      history:
        'is at 39 weeks of an uncomplicated pregnancy and presents in active labor with regular contractions every 3 minutes. Membranes intact.',
      exam: 'Cervix 6 cm, 90 percent effaced, vertex at 0 station. Fetal heart tracing category I.',
      studies: 'Blood type O positive, rubella immune, group B streptococcus negative.',
      course:
        'Progressed to spontaneous vaginal delivery of a single live infant, Apgar scores 8 and 9, perineum intact. Uneventful postpartum course; breastfeeding established.',
      plan: 'Admit to labor and delivery, expectant management, epidural on request.',
      followUp: 'Postpartum visit in 6 weeks.',
    },
  },
  {
    id: 'newborn',
    label: 'Healthy newborn with neonatal jaundice',
    setting: Setting.inpatient,
    weight: 4,
    ages: [0, 0],
    service: { code: 'NB', display: 'Newborn Nursery' },
    attending: Specialty.pediatrics,
    admitType: AdmitType.newborn,
    origin: Origin.bornHere,
    stay: [1, 3],
    dispositions: [[Disposition.home, 1]],
    charges: [3_500, 9_000],
    diagnoses: [
      {
        code: 'Z38.00',
        display: 'Single liveborn infant, delivered vaginally',
        term: 'single liveborn infant, delivered vaginally',
      },
      { code: 'P59.9', display: 'Neonatal jaundice, unspecified', term: 'neonatal jaundice', chance: 0.35 },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: '3E0234Z',
        display: 'Introduction of Serum, Toxoid and Vaccine into Muscle, Percutaneous Approach',
        term: 'hepatitis B vaccine intramuscular',
        day: 0,
      },
    ],
    story: {
      complaint: 'newborn admission',
      history:
        'was born at 39 weeks by spontaneous vaginal delivery to a healthy mother with negative prenatal screening. Birth weight 3,340 g.',
      exam: 'Vigorous, pink, anterior fontanelle soft, red reflex present bilaterally, hips stable, normal genitalia.',
      studies:
        'Transcutaneous bilirubin at 36 hours in the low-intermediate risk zone. Newborn screen sent. Passed hearing and pulse oximetry screens.',
      course:
        'Feeding well, voiding and stooling. Hepatitis B vaccine given. Mild jaundice followed with bilirubin checks where noted, below phototherapy threshold.',
      plan: 'Routine newborn care, feeding support, hepatitis B vaccine, screening tests before discharge.',
      followUp: 'Pediatrician in 2 days for weight and bilirubin check.',
    },
  },
  {
    id: 'ed-chest-pain',
    label: 'Emergency visit for chest pain, discharged',
    setting: Setting.emergency,
    weight: 8,
    ages: [25, 80],
    service: { code: 'EM', display: 'Emergency Medicine' },
    attending: Specialty.emergency,
    admitType: AdmitType.emergency,
    origin: Origin.home,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [2_800, 7_500],
    diagnoses: [
      { code: 'R07.89', display: 'Other chest pain', term: 'atypical chest pain' },
      { ...HTN, chance: 0.4 },
    ],
    procedures: [
      E_M_VISIT('9901Z', 'emergency department visit, high complexity'),
      {
        system: 'HCPCS',
        code: 'J1885',
        display: 'Injection, ketorolac tromethamine, per 15 mg',
        term: 'ketorolac injection',
        day: 0,
        chance: 0.4,
        units: 1,
      },
    ],
    story: {
      complaint: 'chest pain',
      history:
        'reports sharp left chest pain for 2 hours, worse with deep breaths and pressing on the chest wall, no exertional component.',
      exam: 'Vital signs normal. Reproducible tenderness over the left costochondral junctions. Lungs clear, heart regular.',
      studies:
        'Electrocardiogram: normal sinus rhythm without ischemic changes. High-sensitivity troponin undetectable at 0 and 2 hours. Chest radiograph normal.',
      course: 'Low-risk chest pain pathway completed. Pain improved with an anti-inflammatory.',
      plan: 'Discharge with anti-inflammatory, return precautions.',
      followUp: 'Primary care in 3 to 5 days; cardiology referral for stress testing.',
    },
  },
  {
    id: 'ed-ankle-sprain',
    label: 'Emergency visit for right ankle sprain',
    setting: Setting.emergency,
    weight: 5,
    ages: [12, 70],
    service: { code: 'EM', display: 'Emergency Medicine' },
    attending: Specialty.emergency,
    admitType: AdmitType.emergency,
    origin: Origin.home,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [900, 2_400],
    diagnoses: [
      {
        code: 'S93.401A',
        display: 'Sprain of unspecified ligament of right ankle, initial encounter',
        term: 'right ankle sprain',
      },
    ],
    procedures: [E_M_VISIT('9902Z', 'emergency department visit, low complexity')],
    story: {
      complaint: 'right ankle pain after twisting it',
      history: 'rolled the right ankle stepping off a curb this afternoon; able to bear weight with pain.',
      exam: 'Swelling and tenderness over the anterior talofibular ligament; no bony tenderness at the malleoli or base of the fifth metatarsal.',
      studies: 'Ottawa ankle rules negative; no radiographs needed.',
      course: 'Ice, elevation, an air-stirrup brace and crutches provided.',
      plan: 'Rest, ice, compression, elevation; weight bearing as tolerated in the brace.',
      followUp: 'Primary care or orthopedics in 1 week if not improving.',
    },
  },
  {
    id: 'ed-hand-laceration',
    label: 'Emergency visit for left hand laceration repair',
    setting: Setting.emergency,
    weight: 4,
    ages: [16, 75],
    service: { code: 'EM', display: 'Emergency Medicine' },
    attending: Specialty.emergency,
    admitType: AdmitType.emergency,
    origin: Origin.home,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [1_100, 3_200],
    diagnoses: [
      {
        code: 'S61.412A',
        display: 'Laceration without foreign body of left hand, initial encounter',
        term: 'laceration of the left hand',
      },
      { code: 'W25.XXXA', display: 'Contact with sharp glass, initial encounter', term: 'cut on broken glass' },
    ],
    procedures: [
      E_M_VISIT('9903Z', 'emergency department visit, moderate complexity'),
      E_M_VISIT('9904Z', 'simple wound repair, 2.5 cm or less'),
    ],
    story: {
      complaint: 'cut on the left hand',
      history: 'sustained a cut on broken glass while washing dishes an hour ago. Tetanus up to date.',
      exam: '2 cm linear laceration of the left hypothenar eminence, full tendon function, normal two-point discrimination.',
      studies: 'Radiograph of the left hand: no retained glass.',
      course: 'Irrigated and closed with four simple interrupted sutures under local anesthesia.',
      plan: 'Wound care instructions; suture removal in 10 days.',
      followUp: 'Suture removal at primary care in 10 days.',
    },
  },
  {
    id: 'ed-asthma',
    label: 'Emergency visit for asthma exacerbation',
    setting: Setting.emergency,
    weight: 3,
    ages: [6, 55],
    service: { code: 'EM', display: 'Emergency Medicine' },
    attending: Specialty.emergency,
    admitType: AdmitType.emergency,
    origin: Origin.home,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [1_600, 4_200],
    diagnoses: [
      {
        code: 'J45.901',
        display: 'Unspecified asthma with (acute) exacerbation',
        term: 'asthma with acute exacerbation',
      },
    ],
    procedures: [
      E_M_VISIT('9903Z', 'emergency department visit, moderate complexity'),
      {
        system: 'HCPCS',
        code: 'J1100',
        display: 'Injection, dexamethasone sodium phosphate, 1 mg',
        term: 'dexamethasone injection',
        day: 0,
        units: 10,
        chance: 0.5,
      },
    ],
    story: {
      complaint: 'wheezing',
      history:
        'has had wheezing and cough since a cold started three days ago, using the rescue inhaler every 2 hours.',
      exam: 'Diffuse expiratory wheezes, mild retractions, saturation 93 percent, speaking in full sentences.',
      studies: 'Peak flow 55 percent of predicted, 85 percent after treatment.',
      course: 'Three albuterol-ipratropium nebulizers and a dose of steroid; wheezing resolved.',
      plan: 'Short steroid course, scheduled albuterol for 48 hours, inhaler technique reviewed.',
      followUp: 'Primary care in 2 to 3 days; asthma action plan updated.',
    },
  },
  {
    id: 'observation-chest-pain',
    label: 'Observation stay for chest pain, acute coronary syndrome ruled out',
    setting: Setting.observation,
    weight: 5,
    ages: [40, 85],
    service: { code: 'CAR', display: 'Cardiology' },
    attending: Specialty.hospitalist,
    consultant: Specialty.cardiology,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [1, 1],
    dispositions: [[Disposition.home, 1]],
    charges: [6_500, 14_000],
    diagnoses: [
      { code: 'R07.89', display: 'Other chest pain', term: 'chest pain, acute coronary syndrome excluded' },
      { ...HTN, chance: 0.7 },
      { ...HLD, chance: 0.6 },
    ],
    procedures: [
      {
        system: 'HCPCS',
        code: 'G0378',
        display: 'Hospital observation service, per hour',
        term: 'hospital observation',
        day: 0,
        units: 22,
      },
      E_M_VISIT('9905Z', 'exercise stress test'),
    ],
    story: {
      complaint: 'chest pressure',
      history:
        'had 20 minutes of substernal pressure while mowing the lawn, resolved with rest. Family history of early coronary disease.',
      exam: 'Vital signs normal. Heart regular without murmur, lungs clear, no edema.',
      studies:
        'Electrocardiogram without ischemic changes. Serial high-sensitivity troponins undetectable. Exercise stress test: 10 METs, no ischemia.',
      course:
        'Placed in observation for serial troponins and stress testing, both negative. Started on a statin and aspirin pending outpatient follow-up.',
      plan: 'Telemetry, serial troponins, stress test in the morning.',
      progress: ['Troponins negative times three; no further chest pressure. Stress test this morning.'],
      consultReason: 'chest pain evaluation',
      consultOpinion: 'Low risk after negative stress test; outpatient cardiology follow-up.',
      followUp: 'Cardiology clinic in 2 weeks.',
    },
  },
  {
    id: 'observation-syncope',
    label: 'Observation stay for syncope',
    setting: Setting.observation,
    weight: 3,
    ages: [50, 92],
    service: { code: 'MED', display: 'Internal Medicine' },
    attending: Specialty.hospitalist,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [1, 2],
    dispositions: [[Disposition.home, 1]],
    charges: [5_800, 12_500],
    diagnoses: [
      { code: 'R55', display: 'Syncope and collapse', term: 'syncope' },
      { code: 'E86.0', display: 'Dehydration', term: 'dehydration', chance: 0.5 },
      { ...HTN, chance: 0.6 },
    ],
    procedures: [
      {
        system: 'HCPCS',
        code: 'G0378',
        display: 'Hospital observation service, per hour',
        term: 'hospital observation',
        day: 0,
        units: 28,
      },
    ],
    story: {
      complaint: 'passed out',
      history:
        'lost consciousness for a few seconds after standing up quickly from the dinner table, with a warm prodrome and prompt recovery. No chest pain or palpitations.',
      exam: 'Orthostatic drop of 24 mmHg systolic. Normal neurologic examination. No murmur.',
      studies: 'Electrocardiogram normal intervals. Telemetry without arrhythmia for 24 hours. Echocardiogram normal.',
      course:
        'Observed on telemetry, given intravenous fluids; orthostatic changes resolved. Antihypertensive dose reduced.',
      plan: 'Telemetry, orthostatic vital signs, fluids, echocardiogram.',
      progress: ['No events on telemetry; orthostatics normal after fluids.'],
      followUp: 'Primary care in 1 week.',
    },
  },
  {
    id: 'clinic-diabetes',
    label: 'Office visit for type 2 diabetes and hypertension',
    setting: Setting.outpatient,
    weight: 8,
    ages: [35, 85],
    service: { code: 'FM', display: 'Family Medicine' },
    attending: Specialty.family,
    admitType: AdmitType.elective,
    origin: Origin.home,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [180, 420],
    diagnoses: [
      {
        code: 'E11.65',
        display: 'Type 2 diabetes mellitus with hyperglycemia',
        term: 'type 2 diabetes with hyperglycemia',
        chronic: true,
      },
      { ...HTN, chance: 0.8 },
      {
        code: 'Z79.4',
        display: 'Long term (current) use of insulin',
        term: 'long-term insulin use',
        chance: 0.3,
        chronic: true,
      },
    ],
    procedures: [E_M_VISIT('9911Z', 'established patient office visit, moderate complexity')],
    story: {
      complaint: 'diabetes follow-up',
      history: 'returns for diabetes care. Home fasting sugars 180 to 240. Taking metformin; missed some doses.',
      exam: 'Blood pressure 142/86. BMI 33. Monofilament sensation intact. No foot lesions.',
      studies: 'Hemoglobin A1c 8.9 percent, up from 7.8. Urine albumin to creatinine ratio normal.',
      course: 'Reviewed glucose log and diet. Added a GLP-1 receptor agonist.',
      plan: 'Start GLP-1 receptor agonist, continue metformin, diabetes education referral, recheck A1c in 3 months.',
      followUp: 'Return in 3 months.',
    },
  },
  {
    id: 'clinic-annual',
    label: 'Annual adult examination',
    setting: Setting.outpatient,
    weight: 5,
    ages: [20, 75],
    service: { code: 'FM', display: 'Family Medicine' },
    attending: Specialty.family,
    admitType: AdmitType.elective,
    origin: Origin.home,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [220, 380],
    diagnoses: [
      {
        code: 'Z00.00',
        display: 'Encounter for general adult medical examination without abnormal findings',
        term: 'general adult medical examination without abnormal findings',
      },
      { code: 'Z23', display: 'Encounter for immunization', term: 'immunization', chance: 0.5 },
    ],
    procedures: [
      E_M_VISIT('9912Z', 'preventive medicine visit, established patient'),
      {
        system: 'HCPCS',
        code: 'G0008',
        display: 'Administration of influenza virus vaccine',
        term: 'influenza vaccine administration',
        day: 0,
        chance: 0.5,
      },
    ],
    story: {
      complaint: 'annual physical',
      history: 'feels well and has no concerns. Exercises three times a week. No tobacco use.',
      exam: 'Blood pressure 118/74. BMI 24. Normal examination.',
      studies: 'Lipid panel and glucose ordered.',
      course: 'Age-appropriate screening reviewed; influenza vaccine offered.',
      plan: 'Continue healthy habits; screening per guidelines.',
      followUp: 'Return in 1 year.',
    },
  },
  {
    id: 'outpatient-colonoscopy',
    label: 'Screening colonoscopy with polypectomy',
    setting: Setting.outpatient,
    weight: 4,
    ages: [45, 75],
    service: { code: 'GI', display: 'Gastroenterology' },
    attending: Specialty.gastroenterology,
    surgeon: Specialty.gastroenterology,
    admitType: AdmitType.elective,
    origin: Origin.physician,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [2_400, 4_800],
    diagnoses: [
      {
        code: 'Z12.11',
        display: 'Encounter for screening for malignant neoplasm of colon',
        term: 'screening for colon cancer',
      },
      { code: 'K63.5', display: 'Polyp of colon', term: 'polyp of the colon' },
    ],
    procedures: [{ ...E_M_VISIT('9921Z', 'colonoscopy with snare polypectomy'), operative: true }],
    story: {
      complaint: 'screening colonoscopy',
      history: 'presents for average-risk screening colonoscopy. No bleeding, no change in bowel habits.',
      exam: 'Abdomen soft. Airway class II.',
      studies: 'Bowel preparation excellent.',
      course: 'Colonoscopy to the cecum with removal of one polyp; recovered and discharged the same day.',
      plan: 'Proceed with colonoscopy under moderate sedation.',
      operation: {
        anesthesia: 'moderate sedation',
        indication: 'Average-risk screening for colon cancer.',
        findings: 'A 7 mm sessile polyp of the colon in the sigmoid; otherwise normal to the cecum.',
        technique:
          'Colonoscope advanced to the cecum, appendiceal orifice photographed. Polyp removed with a cold snare and retrieved.',
        bloodLoss: 'minimal',
        specimens: 'Sigmoid polyp to pathology',
      },
      followUp: 'Pathology result by letter; repeat colonoscopy interval per pathology.',
    },
  },
  {
    id: 'outpatient-cataract',
    label: 'Cataract extraction, right eye',
    setting: Setting.outpatient,
    weight: 3,
    ages: [60, 88],
    service: { code: 'OPH', display: 'Ophthalmology' },
    attending: Specialty.ophthalmology,
    surgeon: Specialty.ophthalmology,
    admitType: AdmitType.elective,
    origin: Origin.physician,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [3_200, 5_600],
    diagnoses: [
      {
        code: 'H25.11',
        display: 'Age-related nuclear cataract, right eye',
        term: 'age-related nuclear cataract of the right eye',
      },
    ],
    procedures: [{ ...E_M_VISIT('9922Z', 'cataract extraction with intraocular lens'), operative: true }],
    story: {
      complaint: 'blurred vision in the right eye',
      history: 'has had glare and blurred distance vision in the right eye for a year, interfering with night driving.',
      exam: 'Best corrected acuity 20/60 right, 20/25 left. Dense nuclear sclerosis right lens.',
      studies: 'Biometry completed for lens power.',
      course: 'Uncomplicated phacoemulsification with posterior chamber lens; discharged the same day.',
      plan: 'Proceed with right cataract extraction and lens implant.',
      operation: {
        anesthesia: 'topical anesthesia with intravenous sedation',
        indication: 'Visually significant age-related nuclear cataract of the right eye.',
        findings: 'Dense nuclear cataract; intact posterior capsule.',
        technique:
          'Clear corneal incision, capsulorhexis, phacoemulsification, foldable lens placed in the capsular bag. Wound sealed.',
        bloodLoss: 'none',
        specimens: 'None',
      },
      followUp: 'Eye clinic tomorrow, then in 1 week.',
    },
  },
  {
    id: 'outpatient-cholecystectomy',
    label: 'Laparoscopic cholecystectomy for symptomatic gallstones',
    setting: Setting.outpatient,
    weight: 2,
    ages: [25, 70],
    service: { code: 'SUR', display: 'General Surgery' },
    attending: Specialty.generalSurgery,
    surgeon: Specialty.generalSurgery,
    admitType: AdmitType.elective,
    origin: Origin.physician,
    stay: [0, 0],
    dispositions: [[Disposition.home, 1]],
    charges: [9_000, 16_000],
    diagnoses: [
      {
        code: 'K80.20',
        display: 'Calculus of gallbladder without cholecystitis without obstruction',
        term: 'symptomatic gallstones without cholecystitis',
      },
    ],
    procedures: [{ ...E_M_VISIT('9923Z', 'laparoscopic cholecystectomy'), operative: true }],
    story: {
      complaint: 'recurrent right upper quadrant pain after meals',
      history:
        'has had five episodes of postprandial right upper quadrant pain over 4 months. Ultrasound showed gallstones.',
      exam: 'Abdomen soft, mild right upper quadrant tenderness, negative Murphy sign today.',
      studies: 'Ultrasound: multiple gallstones, normal wall thickness, common duct 4 mm. Liver tests normal.',
      course: 'Uncomplicated laparoscopic cholecystectomy; discharged home the same evening.',
      plan: 'Proceed with laparoscopic cholecystectomy.',
      operation: {
        anesthesia: 'general endotracheal anesthesia',
        indication: 'Symptomatic gallstones without cholecystitis.',
        findings: 'Thin-walled gallbladder with multiple stones; critical view of safety obtained.',
        technique:
          'Four-port laparoscopy. Cystic duct and artery clipped and divided, gallbladder removed from the liver bed and extracted in a bag.',
        bloodLoss: '15 mL',
        specimens: 'Gallbladder to pathology',
      },
      followUp: 'Surgery clinic in 2 weeks.',
    },
  },
  {
    id: 'snf-hip-aftercare',
    label: 'Skilled nursing stay for rehabilitation after hip replacement',
    setting: Setting.skilledNursing,
    weight: 3,
    ages: [65, 92],
    service: { code: 'SNF', display: 'Skilled Nursing' },
    attending: Specialty.rehabilitation,
    admitType: AdmitType.elective,
    origin: Origin.hospitalTransfer,
    stay: [8, 20],
    dispositions: [
      [Disposition.home, 2],
      [Disposition.homeHealth, 3],
    ],
    charges: [9_000, 26_000],
    diagnoses: [
      {
        code: 'Z47.1',
        display: 'Aftercare following joint replacement surgery',
        term: 'aftercare following joint replacement surgery',
      },
      { code: 'Z96.641', display: 'Presence of right artificial hip joint', term: 'right hip prosthesis in place' },
      { code: 'M62.81', display: 'Muscle weakness (generalized)', term: 'generalized muscle weakness' },
      { ...HTN, chance: 0.6 },
    ],
    procedures: [],
    story: {
      complaint: 'rehabilitation after right hip replacement',
      history:
        'was transferred after a right total hip arthroplasty for daily physical and occupational therapy; needs assistance with transfers and stairs.',
      exam: 'Incision clean and dry, staples in place. Hip precautions understood. Needs moderate assistance for transfers.',
      studies: 'Hemoglobin 10.9, stable.',
      course:
        'Daily therapy; progressed from moderate assistance to independent with a walker. Staples removed on day 12.',
      plan: 'Physical and occupational therapy daily, posterior hip precautions, anticoagulation for 35 days after surgery.',
      progress: ['Walking 100 feet with walker and contact guard.', 'Independent transfers; stairs with supervision.'],
      followUp: 'Orthopedic clinic in 4 weeks; outpatient physical therapy.',
    },
  },
  {
    id: 'snf-deconditioning',
    label: 'Skilled nursing stay after pneumonia for weakness',
    setting: Setting.skilledNursing,
    weight: 2,
    ages: [70, 98],
    service: { code: 'SNF', display: 'Skilled Nursing' },
    attending: Specialty.internal,
    admitType: AdmitType.elective,
    origin: Origin.hospitalTransfer,
    stay: [10, 25],
    dispositions: [
      [Disposition.home, 2],
      [Disposition.homeHealth, 2],
      [Disposition.shortTermHospital, 0.5],
    ],
    charges: [11_000, 30_000],
    diagnoses: [
      { code: 'J18.9', display: 'Pneumonia, unspecified organism', term: 'pneumonia, completing treatment' },
      { code: 'M62.81', display: 'Muscle weakness (generalized)', term: 'generalized muscle weakness' },
      { code: 'R26.81', display: 'Unsteadiness on feet', term: 'unsteadiness on feet' },
      {
        code: 'J44.9',
        display: 'Chronic obstructive pulmonary disease, unspecified',
        term: 'chronic obstructive pulmonary disease',
        chance: 0.4,
        chronic: true,
      },
    ],
    procedures: [],
    story: {
      complaint: 'weakness after a hospital stay for pneumonia',
      history:
        'was transferred after a hospital stay for pneumonia; completing oral antibiotics, deconditioned and unsteady when walking.',
      exam: 'Scattered crackles at the right base, improving. Needs a walker and minimal assistance.',
      studies: 'White count normal. Chest radiograph improving.',
      course:
        'Completed antibiotics; therapy improved strength and balance. Walking household distances independently with a walker by discharge.',
      plan: 'Complete antibiotics, physical therapy for strength and balance, fall precautions.',
      progress: ['Completed antibiotics; ambulating 60 feet.', 'Balance improving; walking 150 feet with walker.'],
      followUp: 'Primary care in 1 week; home physical therapy.',
    },
  },
  {
    id: 'psych-depression',
    label: 'Psychiatric admission for severe depression with suicidal ideation',
    setting: Setting.behavioralHealth,
    weight: 3,
    ages: [18, 70],
    service: { code: 'PSY', display: 'Psychiatry' },
    attending: Specialty.psychiatry,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [5, 12],
    dispositions: [[Disposition.home, 1]],
    charges: [12_000, 32_000],
    diagnoses: [
      {
        code: 'F32.2',
        display: 'Major depressive disorder, single episode, severe without psychotic features',
        term: 'major depressive disorder, single episode, severe without psychotic features',
      },
      { code: 'R45.851', display: 'Suicidal ideations', term: 'suicidal ideation' },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: 'GZ3ZZZZ',
        display: 'Medication Management',
        term: 'psychiatric medication management',
        day: 1,
      },
    ],
    story: {
      complaint: 'depressed mood and thoughts of suicide',
      history:
        'describes two months of low mood, insomnia, poor appetite with weight loss and hopelessness, with suicidal thoughts and a plan over the last week. No prior psychiatric admissions.',
      exam: 'Mental status: poor eye contact, psychomotor slowing, mood "empty", constricted affect, thought process linear, endorses suicidal ideation with plan, no psychosis, insight fair.',
      studies: 'PHQ-9 score 24. Urine drug screen negative. Thyroid function normal.',
      course:
        'Admitted voluntarily on close observation. Started an SSRI with daily psychotherapy; sleep and appetite improved, suicidal ideation resolved by day 6. Safety plan completed with family.',
      plan: 'Safety precautions, start SSRI, individual and group therapy, family meeting.',
      progress: [
        'Sleeping 6 hours; still passive thoughts of death, no plan.',
        'Brighter affect; denies suicidal ideation; safety planning begun.',
      ],
      followUp: 'Outpatient psychiatry within 7 days; intensive outpatient program.',
    },
    sensitivity: 'PSY',
  },
  {
    id: 'psych-schizophrenia',
    label: 'Psychiatric admission for exacerbation of schizophrenia',
    setting: Setting.behavioralHealth,
    weight: 2,
    ages: [19, 60],
    service: { code: 'PSY', display: 'Psychiatry' },
    attending: Specialty.psychiatry,
    admitType: AdmitType.emergency,
    origin: Origin.emergency,
    stay: [7, 16],
    dispositions: [
      [Disposition.home, 4],
      [Disposition.againstAdvice, 0.5],
    ],
    charges: [15_000, 40_000],
    diagnoses: [
      { code: 'F20.9', display: 'Schizophrenia, unspecified', term: 'schizophrenia', chronic: true },
      {
        code: 'Z91.120',
        display: "Patient's intentional underdosing of medication regimen due to financial hardship",
        term: 'stopped medication because of cost',
        chance: 0.5,
      },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: 'GZ3ZZZZ',
        display: 'Medication Management',
        term: 'psychiatric medication management',
        day: 1,
      },
    ],
    story: {
      complaint: 'hearing voices',
      history:
        'was brought in by family for two weeks of worsening command auditory hallucinations and paranoia after stopping antipsychotic medication.',
      exam: 'Mental status: guarded, disorganized thought process, paranoid delusions about neighbors, responding to internal stimuli, no suicidal or homicidal ideation.',
      studies: 'Urine drug screen negative. Metabolic panel normal.',
      course:
        'Antipsychotic restarted and converted to a long-acting injectable. Hallucinations diminished and thinking became organized. Social work arranged medication assistance.',
      plan: 'Restart antipsychotic, milieu therapy, social work for medication access.',
      progress: ['Less guarded; voices quieter.', 'Accepted long-acting injectable; organized thinking.'],
      followUp: 'Community mental health appointment within 7 days.',
    },
    sensitivity: 'PSY',
  },
  {
    id: 'detox-alcohol',
    label: 'Admission for alcohol withdrawal management',
    setting: Setting.behavioralHealth,
    weight: 2,
    ages: [25, 68],
    service: { code: 'ADD', display: 'Addiction Medicine' },
    attending: Specialty.psychiatry,
    admitType: AdmitType.urgent,
    origin: Origin.emergency,
    stay: [3, 6],
    dispositions: [
      [Disposition.home, 4],
      [Disposition.againstAdvice, 1],
    ],
    charges: [8_000, 19_000],
    diagnoses: [
      {
        code: 'F10.230',
        display: 'Alcohol dependence with withdrawal, uncomplicated',
        term: 'alcohol dependence with uncomplicated withdrawal',
      },
      { ...SMOKER, chance: 0.5 },
    ],
    procedures: [
      {
        system: 'ICD-10-PCS',
        code: 'HZ2ZZZZ',
        display: 'Detoxification Services for Substance Abuse Treatment',
        term: 'medically managed alcohol detoxification',
        day: 0,
      },
    ],
    story: {
      complaint: 'tremor and sweating after stopping drinking',
      history:
        'drinks a fifth of liquor daily and last drank 18 hours ago; now tremulous, anxious and sweating. No history of withdrawal seizures.',
      exam: 'Heart rate 108, blood pressure 152/94, tremor of outstretched hands, diaphoretic, oriented. CIWA-Ar score 16.',
      studies: 'Ethanol level undetectable. AST 88, ALT 52. Magnesium 1.6.',
      course:
        'Symptom-triggered benzodiazepine protocol, thiamine, folate and magnesium replacement. CIWA-Ar under 8 by day 3. Motivational interviewing; accepted referral to outpatient treatment.',
      plan: 'Symptom-triggered benzodiazepines, thiamine before glucose, seizure precautions, addiction counselling.',
      progress: ['CIWA-Ar scores 6 to 10; needed two doses overnight.'],
      followUp: 'Outpatient addiction treatment program intake in 3 days.',
    },
    sensitivity: 'ETH',
  },
];
