import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { DocumentCreate, type Deficiency, type DocumentVersion, type ProblemDetails } from '@charta/contracts';
import { fieldMessages, problemOf } from '../../api/problem.js';
import { validate } from '../../api/validate.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import type { CompletionApi } from './completion-api.js';
import { dayOf, documentTemplate } from './completion-format.js';

export interface WriteDocumentFormProps {
  readonly api: CompletionApi;
  readonly deficiency: Deficiency;
  /** The new, unsigned document: the caller opens it for signing. */
  readonly onCreated: (document: DocumentVersion) => void;
  readonly onCancel: () => void;
}

const PLACED = ['/text'];

/**
 * Writes the document a "missing" deficiency asks for. The text starts from a template with the sections the
 * completion checks read; the server refuses to sign while a "[to be completed]" placeholder is left in.
 */
export function WriteDocumentForm({ api, deficiency, onCreated, onCancel }: WriteDocumentFormProps) {
  const [text, setText] = useState(() => documentTemplate(deficiency.ruleId));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(DocumentCreate, { deficiencyId: deficiency.id, text });
    if (!checked.ok) {
      setFields(fieldMessages(checked.errors));
      return;
    }
    setFields({});
    setBusy(true);
    setProblem(null);
    try {
      onCreated(await api.createDocument(deficiency.encounterId, deficiency.id, text));
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFields(fieldMessages(p.errors));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      noValidate
      aria-labelledby="write-document-title"
      data-testid="write-document"
    >
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="write-document-title">
            Write: {deficiency.title}
          </Title>
          <Text size="xs" c="dimmed">
            Account {deficiency.accountNumber ?? '—'} · due {dayOf(deficiency.dueAt)}. The document is saved unsigned;
            sign it in the next step.
          </Text>
        </div>
        {problem && <ProblemAlert problem={problem} placed={PLACED} onClose={() => setProblem(null)} />}
        <Textarea
          label="Document text"
          autosize
          minRows={12}
          maxRows={40}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fields['/text']}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group gap="xs">
          <Button type="submit" loading={busy}>
            Save document
          </Button>
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
