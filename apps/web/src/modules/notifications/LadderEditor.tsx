import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { FieldError, NotificationSettings, ProblemDetails } from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import {
  addChair,
  addStep,
  ANCHOR_LABELS,
  ANCHORS,
  buildUpdate,
  chairFieldKey,
  CHANNELS,
  chosenOf,
  describeSaveTarget,
  draftOf,
  MAX_STEPS,
  placeErrors,
  RECIPIENTS,
  STEP_IDS,
  stepFieldKey,
  type ChairDraft,
  type LadderDraft,
  type StepDraft,
} from './ladder-form.js';
import { useNotificationsApi } from './notifications-api.js';
import { CHANNEL_LABELS, RECIPIENT_LABELS, STEP_LABELS } from './notifications-format.js';

export interface LadderEditorProps {
  /** The ladder in force for the facility being edited; its version is the one the edit starts from. */
  readonly settings: NotificationSettings;
  readonly onSaved: (saved: NotificationSettings) => void;
  /** Reads the ladder again (after someone else saved a newer version). */
  readonly onReload: () => void;
  readonly onCancel: () => void;
}

/** The problem shown when the form's own check finds something to correct before anything is sent. */
const notReady = (errors: FieldError[]): ProblemDetails => ({
  type: 'about:blank',
  title: 'The ladder cannot be saved yet',
  status: 400,
  detail: 'Correct the fields marked below.',
  traceId: '',
  errors,
});

function StepFields(props: {
  readonly index: number;
  readonly step: StepDraft;
  readonly messages: Readonly<Record<string, string>>;
  readonly onChange: (change: Partial<StepDraft>) => void;
  readonly onRemove: () => void;
}) {
  const { index, step, messages, onChange } = props;
  const message = (field: Parameters<typeof stepFieldKey>[1]) => messages[stepFieldKey(index, field)];
  const label = `Step ${index + 1}`;
  return (
    <Fieldset legend={label} variant="filled" p="xs" data-testid="ladder-step-editor" data-index={index}>
      <Group align="flex-start" gap="sm">
        <NativeSelect
          size="xs"
          label="Kind"
          value={step.id}
          onChange={(e) => onChange({ id: STEP_IDS.find((s) => s === e.currentTarget.value) ?? step.id })}
          data={STEP_IDS.map((s) => ({ value: s, label: STEP_LABELS[s] }))}
          error={message('id')}
          maw={220}
        />
        <NumberInput
          size="xs"
          w={100}
          label="Days after"
          value={step.afterDays}
          onChange={(v) => onChange({ afterDays: String(v) })}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          error={message('afterDays')}
        />
        <NativeSelect
          size="xs"
          label="Counting from"
          value={step.anchor}
          onChange={(e) => onChange({ anchor: ANCHORS.find((a) => a === e.currentTarget.value) ?? step.anchor })}
          data={ANCHORS.map((a) => ({ value: a, label: ANCHOR_LABELS[a] }))}
          error={message('anchor')}
          maw={220}
        />
        <Checkbox.Group
          size="xs"
          label="Channels"
          value={[...step.channels]}
          onChange={(values) => onChange({ channels: chosenOf(CHANNELS, values) })}
          error={message('channels')}
          maw={200}
        >
          <Stack gap={4} mt={4}>
            {CHANNELS.map((c) => (
              <Checkbox key={c} size="xs" value={c} label={CHANNEL_LABELS[c]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Checkbox.Group
          size="xs"
          label="Recipients"
          value={[...step.recipients]}
          onChange={(values) => onChange({ recipients: chosenOf(RECIPIENTS, values) })}
          error={message('recipients')}
          maw={320}
        >
          <Stack gap={4} mt={4}>
            {RECIPIENTS.map((r) => (
              <Checkbox key={r} size="xs" value={r} label={RECIPIENT_LABELS[r]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Button size="compact-xs" variant="subtle" color="red" mt={20} onClick={props.onRemove}>
          Remove {label.toLowerCase()}
        </Button>
      </Group>
      {message('row') && (
        <Text size="xs" c="red" mt={4} role="alert">
          {message('row')}
        </Text>
      )}
    </Fieldset>
  );
}

function ChairFields(props: {
  readonly index: number;
  readonly chair: ChairDraft;
  readonly messages: Readonly<Record<string, string>>;
  readonly onChange: (change: Partial<ChairDraft>) => void;
  readonly onRemove: () => void;
}) {
  const { index, chair, messages, onChange } = props;
  const message = (field: Parameters<typeof chairFieldKey>[1]) => messages[chairFieldKey(index, field)];
  const n = index + 1;
  return (
    <Group align="flex-start" gap="xs" data-testid="ladder-chair-editor">
      <TextInput
        size="xs"
        label={`Chair ${n}: specialty`}
        placeholder="All other specialties"
        value={chair.specialty}
        maxLength={100}
        onChange={(e) => onChange({ specialty: e.currentTarget.value })}
        error={message('specialty') ?? message('row')}
      />
      <TextInput
        size="xs"
        type="email"
        label={`Chair ${n}: e-mail`}
        value={chair.email}
        maxLength={254}
        onChange={(e) => onChange({ email: e.currentTarget.value })}
        error={message('email')}
        miw={260}
      />
      <Button size="compact-xs" variant="subtle" color="red" mt={22} onClick={props.onRemove}>
        Remove chair {n}
      </Button>
    </Group>
  );
}

/**
 * Edits the escalation ladder of one facility (or the organisation's default): its rungs, the repeat interval and the
 * addresses of the department chairs and the medical staff office, with a required note. The form checks the shape
 * with the contract's schema before sending; contradictions between rungs come back from the server with the path of
 * each, and a version saved meanwhile by someone else is a conflict to reload.
 */
export function LadderEditor({ settings, onSaved, onReload, onCancel }: LadderEditorProps) {
  const api = useNotificationsApi();
  const [draft, setDraft] = useState<LadderDraft>(() => draftOf(settings.ladder));
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [messages, setMessages] = useState<Readonly<Record<string, string>>>({});
  const [placed, setPlaced] = useState<readonly string[]>([]);
  const [conflict, setConflict] = useState<ProblemDetails | null>(null);

  const shape = { steps: draft.steps.length, chairs: draft.chairs.length };
  const showErrors = (p: ProblemDetails) => {
    const placement = placeErrors(p.errors, shape);
    setProblem(p);
    setMessages(placement.messages);
    setPlaced(placement.placed);
  };
  /** Adding or removing a row moves the indexes the messages are keyed by, so they no longer apply. */
  const reshape = (next: LadderDraft) => {
    setDraft(next);
    setMessages({});
    setPlaced([]);
  };
  const changeStep = (index: number, change: Partial<StepDraft>) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((s, i) => (i === index ? { ...s, ...change } : s)) }));
  const changeChair = (index: number, change: Partial<ChairDraft>) =>
    setDraft((d) => ({ ...d, chairs: d.chairs.map((c, i) => (i === index ? { ...c, ...change } : c)) }));
  const withStep = addStep(draft);

  const save = (e: FormEvent) => {
    e.preventDefault();
    setConflict(null);
    const checked = buildUpdate(draft, settings, note);
    if (!checked.ok) {
      showErrors(notReady(checked.errors));
      return;
    }
    setSaving(true);
    setProblem(null);
    setMessages({});
    setPlaced([]);
    api.saveSettings(checked.value).then(
      (saved) => {
        setSaving(false);
        onSaved(saved);
      },
      (error: unknown) => {
        setSaving(false);
        const p = problemOf(error);
        if (p.status === 409) setConflict(p);
        else showErrors(p);
      },
    );
  };

  return (
    <form onSubmit={save} noValidate aria-labelledby="ladder-editor-title" data-testid="ladder-editor">
      <Stack gap="sm">
        <Title order={3} size="h6" id="ladder-editor-title">
          Edit the ladder of {settings.facility === '' ? 'the organisation (default)' : settings.facility}
        </Title>
        <Text size="xs" c="dimmed" data-testid="ladder-save-target">
          {describeSaveTarget(settings)} Steps come in ladder order (reminder, second notice, department chair,
          suspension), each no earlier than the one before.
        </Text>

        {draft.steps.map((step, i) => (
          <StepFields
            key={step.key}
            index={i}
            step={step}
            messages={messages}
            onChange={(change) => changeStep(i, change)}
            onRemove={() => reshape({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
          />
        ))}
        {draft.steps.length === 0 && (
          <Text size="sm" c="dimmed">
            No steps: nobody would be notified.
          </Text>
        )}
        {messages['steps'] && (
          <Text size="xs" c="red" role="alert">
            {messages['steps']}
          </Text>
        )}
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            disabled={withStep === null}
            onClick={() => withStep && reshape(withStep)}
            data-testid="ladder-add-step"
          >
            Add a step
          </Button>
          {withStep === null && (
            <Text size="xs" c="dimmed">
              The ladder has all {MAX_STEPS} kinds of step.
            </Text>
          )}
        </Group>

        <Group align="flex-start" gap="sm">
          <Checkbox
            size="xs"
            mt={24}
            label="Notify the clinician again while a deficiency stays on a step"
            checked={draft.repeat}
            onChange={(e) => {
              const repeat = e.currentTarget.checked;
              setDraft((d) => ({ ...d, repeat }));
            }}
          />
          <NumberInput
            size="xs"
            w={120}
            label="Every (days)"
            value={draft.repeatEveryDays}
            disabled={!draft.repeat}
            onChange={(v) => setDraft((d) => ({ ...d, repeatEveryDays: String(v) }))}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            error={messages['repeatEveryDays']}
          />
        </Group>

        <Fieldset legend="Addresses" variant="unstyled">
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              The department chair and the medical staff office are reached by e-mail only. A step that notifies the
              chair needs a chair address without a specialty (the chair for all other specialties).
            </Text>
            {draft.chairs.map((chair, i) => (
              <ChairFields
                key={chair.key}
                index={i}
                chair={chair}
                messages={messages}
                onChange={(change) => changeChair(i, change)}
                onRemove={() => reshape({ ...draft, chairs: draft.chairs.filter((_, j) => j !== i) })}
              />
            ))}
            {messages['chairs'] && (
              <Text size="xs" c="red" role="alert">
                {messages['chairs']}
              </Text>
            )}
            <Group>
              <Button size="xs" variant="default" onClick={() => reshape(addChair(draft))}>
                Add a chair address
              </Button>
            </Group>
            <TextInput
              size="xs"
              type="email"
              label="Medical staff office e-mail"
              description="Empty: none"
              value={draft.medicalStaffOffice}
              maxLength={254}
              maw={360}
              onChange={(e) => {
                const medicalStaffOffice = e.currentTarget.value;
                setDraft((d) => ({ ...d, medicalStaffOffice }));
              }}
              error={messages['medicalStaffOffice']}
            />
          </Stack>
        </Fieldset>

        <Textarea
          size="xs"
          label="Note"
          description="Why the ladder changes, e.g. Medical staff bylaws 2026"
          withAsterisk
          autosize
          minRows={1}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={messages['note']}
          data-testid="ladder-note"
        />

        {problem && <ProblemAlert problem={problem} placed={placed} onClose={() => setProblem(null)} />}
        {conflict && (
          <Alert
            color="orange"
            variant="light"
            role="alert"
            title="A newer version was saved"
            data-testid="ladder-conflict"
          >
            <Text size="sm">
              Someone else saved a newer version of this ladder while you were editing. Reload it to see theirs, then
              make your change again; your edits here are not kept.
            </Text>
            <Button size="xs" variant="light" color="orange" mt="xs" onClick={onReload} data-testid="ladder-reload">
              Reload the ladder
            </Button>
          </Alert>
        )}

        <Group gap="xs">
          <Button type="submit" size="xs" loading={saving} data-testid="ladder-save">
            Save
          </Button>
          <Button size="xs" variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
