import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Loader, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import type { DocumentSignatures, ProblemDetails } from '@charta/contracts';
import { ApiError, problemOf } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useSession } from '../../session/session-context.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import type { CompletionApi } from './completion-api.js';
import { defaultAttestation } from './completion-format.js';

export interface DocumentPanelProps {
  readonly api: CompletionApi;
  readonly documentId: string;
  /** After a signature (or a new addendum): the caller reads its list again. */
  readonly onChanged: () => void;
  /** Opens another document in this panel (an addendum, or the original it amends). */
  readonly onOpenDocument: (documentId: string) => void;
  readonly onClose: () => void;
}

const statusOf = (e: unknown): number => (e instanceof ApiError ? e.status : 0);

/**
 * One document for its physician: the current text with its version, then either the editing and signing steps (an
 * unsigned document) or its signatures, addenda and an "Add addendum" form (a signed one). Signing names the version
 * read; if the document changed meanwhile the server refuses (409) and the panel says so and reloads it.
 */
export function DocumentPanel({ api, documentId, onChanged, onOpenDocument, onClose }: DocumentPanelProps) {
  const { session } = useSession();
  const [generation, setGeneration] = useState(0);
  const loaded = useRemote(`${documentId}:${generation}`, (signal) => api.signatures(documentId, signal));
  const data: DocumentSignatures | null = loaded.data;
  const doc = data?.document ?? null;

  const [draft, setDraft] = useState('');
  const [attestation, setAttestation] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [addendum, setAddendum] = useState('');
  const [busy, setBusy] = useState<'save' | 'sign' | 'addendum' | null>(null);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // A (re)loaded version resets the editor to the server's text and asks for the confirmation again.
  const loadedHash = doc?.versionHash ?? null;
  useEffect(() => {
    if (!doc) return;
    setDraft(doc.text ?? '');
    setAttestation(defaultAttestation(doc.typeLabel, session.user.displayName));
    setConfirmed(false);
  }, [doc?.id, loadedHash]);

  if (!data || !doc) {
    return (
      <Paper withBorder p="sm">
        {loaded.problem ? (
          <ProblemAlert problem={loaded.problem} />
        ) : (
          <Loader size="sm" aria-label="Loading the document" />
        )}
      </Paper>
    );
  }

  const signed = doc.authenticatedAt !== null;
  const dirty = draft !== (doc.text ?? '');
  const reload = () => setGeneration((g) => g + 1);

  const fail = (error: unknown) => {
    if (statusOf(error) === 409) {
      setStale(true);
      setProblem(null);
      reload();
      return;
    }
    setProblem(problemOf(error));
  };

  const save = async (): Promise<string | null> => {
    const written = await api.writeText(doc.id, draft, doc.versionHash);
    return written.versionHash;
  };

  const onSave = async () => {
    setBusy('save');
    setProblem(null);
    setStale(false);
    setNotice(null);
    try {
      await save();
      setNotice('Text saved. The document is not signed yet.');
      reload();
      onChanged();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onSign = async () => {
    setBusy('sign');
    setProblem(null);
    setStale(false);
    setNotice(null);
    try {
      const hash = dirty ? await save() : doc.versionHash;
      await api.sign(doc.id, attestation.trim(), hash ?? doc.versionHash);
      setNotice(`Signed: ${doc.typeLabel}.`);
      reload();
      onChanged();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onAddAddendum = async () => {
    setBusy('addendum');
    setProblem(null);
    setNotice(null);
    try {
      const created = await api.addAddendum(doc.id, addendum);
      setAddendum('');
      onChanged();
      onOpenDocument(created.id);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const titleId = `document-${doc.id}-title`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={titleId} data-testid="document-panel">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4" id={titleId}>
              {doc.typeLabel}
            </Title>
            <Text size="xs" c="dimmed">
              Written {formatDateTime(doc.authoredAt)} · version <code>{doc.versionHash.slice(0, 12)}</code>
            </Text>
          </div>
          <Group gap="xs">
            <Badge color={signed ? 'green' : 'orange'} variant="light" data-testid="document-status">
              {signed ? `Signed ${formatDateTime(doc.authenticatedAt)}` : 'Not signed'}
            </Badge>
            <Button size="compact-sm" variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Group>

        {doc.amendsDocumentId !== null && (
          <Text size="sm">
            Addendum to an earlier document.{' '}
            <Button size="compact-xs" variant="subtle" onClick={() => onOpenDocument(doc.amendsDocumentId ?? '')}>
              Open the original
            </Button>
          </Text>
        )}

        {stale && (
          <Alert color="orange" variant="light" role="alert" title="The document changed since you opened it">
            Someone saved a newer version. It has been reloaded below: read it again before you sign.
          </Alert>
        )}
        {notice && (
          <Alert color="green" variant="light" role="status" data-testid="document-notice">
            {notice}
          </Alert>
        )}
        {problem && <ProblemAlert problem={problem} onClose={() => setProblem(null)} />}

        {signed ? (
          <>
            <Paper withBorder p="xs" bg="var(--mantine-color-gray-0)">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="document-text">
                {doc.text ?? '(no text)'}
              </Text>
            </Paper>
            <Stack gap={4}>
              <Title order={3} size="h6">
                Signatures
              </Title>
              {data.signatures.map((s) => (
                <Text size="sm" key={s.id} data-testid="document-signature">
                  {formatDateTime(s.signedAt)}: “{s.attestation}”
                </Text>
              ))}
            </Stack>
            {data.addenda.length > 0 && (
              <Stack gap={4}>
                <Title order={3} size="h6">
                  Addenda
                </Title>
                {data.addenda.map((a) => (
                  <Group key={a.id} gap="xs">
                    <Text size="sm">
                      {formatDateTime(a.authoredAt)}: {a.authenticatedAt === null ? 'not signed' : 'signed'}
                    </Text>
                    <Button size="compact-xs" variant="default" onClick={() => onOpenDocument(a.id)}>
                      {a.authenticatedAt === null ? 'Open and sign' : 'Read'}
                    </Button>
                  </Group>
                ))}
              </Stack>
            )}
            {doc.amendsDocumentId === null && (
              <Stack gap="xs">
                <Textarea
                  label="Addendum"
                  description="A signed document cannot change. An addendum is kept beside it and signed in turn."
                  autosize
                  minRows={3}
                  value={addendum}
                  onChange={(e) => setAddendum(e.currentTarget.value)}
                />
                <Group>
                  <Button
                    onClick={() => void onAddAddendum()}
                    loading={busy === 'addendum'}
                    disabled={addendum.trim() === ''}
                  >
                    Add addendum
                  </Button>
                </Group>
              </Stack>
            )}
          </>
        ) : (
          <>
            <Textarea
              label="Document text"
              autosize
              minRows={8}
              maxRows={30}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              data-testid="document-editor"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Group gap="xs">
              <Button variant="default" onClick={() => void onSave()} loading={busy === 'save'} disabled={!dirty}>
                Save text
              </Button>
              {dirty && (
                <Text size="xs" c="dimmed">
                  Unsaved changes: signing saves them first.
                </Text>
              )}
            </Group>
            <Paper withBorder p="xs" component="fieldset" aria-label="Sign the document">
              <Stack gap="xs">
                <Textarea
                  label="Attestation"
                  autosize
                  minRows={2}
                  value={attestation}
                  onChange={(e) => setAttestation(e.currentTarget.value)}
                  error={attestation.trim().length < 10 ? 'State the attestation (at least 10 characters)' : undefined}
                />
                <Checkbox
                  label="I confirm the attestation above and sign this version of the document"
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.currentTarget.checked)}
                />
                <Group>
                  <Button
                    onClick={() => void onSign()}
                    loading={busy === 'sign'}
                    disabled={!confirmed || attestation.trim().length < 10 || draft.trim() === ''}
                  >
                    {dirty ? 'Save and sign' : 'Sign'}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          </>
        )}
      </Stack>
    </Paper>
  );
}
