import { Group, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import type { CodeNotes } from '@charta/core';
import { groupNotes, levelLabel, splitCodeRefs, type ShownNote } from './encoder-format.js';

export interface TabularNotesProps {
  readonly notes: CodeNotes;
  readonly disclaimer: string | undefined;
  /** Opens an ICD-10-CM code named in a note (no dot). */
  readonly onOpenCode: (code: string) => void;
}

/** A code reference inside a note, as a link-styled button that opens the code beside the list. */
export function CodeLink({ text, code, onOpen }: { text: string; code: string; onOpen: (code: string) => void }) {
  return (
    <UnstyledButton
      component="button"
      className="charta-encoder-code-link"
      onClick={() => onOpen(code)}
      aria-label={`Open ${text.replace(/[.-]+$/u, '')}`}
    >
      {text}
    </UnstyledButton>
  );
}

function NoteText({ note, onOpenCode }: { note: ShownNote; onOpenCode: (code: string) => void }) {
  return (
    <>
      {splitCodeRefs(note.text, note.refs).map((part, i) =>
        'code' in part ? (
          <CodeLink key={i} text={part.text} code={part.code} onOpen={onOpenCode} />
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/**
 * Every Tabular instruction that applies to the code, grouped by kind. Notes written at a parent level apply to the
 * whole subtree [ICD-10-CM Official Guidelines FY2026, §I.A.12-13], so each note says where it is written and inherited
 * ones are marked: a coder must know whether an Excludes1 comes from the category or from the chapter.
 */
export function TabularNotes({ notes, disclaimer, onOpenCode }: TabularNotesProps) {
  const groups = groupNotes(notes.notes, notes.code);
  return (
    <Stack gap={6} data-testid="tabular-notes">
      <Title order={3} size="h6">
        Tabular notes
      </Title>
      {groups.length === 0 && notes.seventh === undefined && (
        <Text size="sm" c="dimmed">
          No instructional notes apply to this code.
        </Text>
      )}
      {groups.map((group) => (
        <section key={group.kind} aria-label={group.heading}>
          <Text size="sm" fw={700}>
            {group.heading}
          </Text>
          <ul className="charta-encoder-notes" style={{ margin: 0, paddingLeft: 18 }}>
            {group.notes.map((note, i) => (
              <li key={`${note.definedAt}-${i}`}>
                <Text size="sm" span>
                  <NoteText note={note} onOpenCode={onOpenCode} />
                </Text>{' '}
                <Text
                  span
                  size="xs"
                  c={note.inherited ? 'dimmed' : 'blue'}
                  fs={note.inherited ? 'italic' : undefined}
                  className="charta-nowrap"
                  title={note.inherited ? `Inherited from ${levelLabel(note.definedAt)}` : 'Written at this code'}
                >
                  {note.inherited ? `inherited · ${levelLabel(note.definedAt)}` : `at ${levelLabel(note.definedAt)}`}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {notes.seventh && (
        <section aria-label="7th characters">
          <Text size="sm" fw={700}>
            7th characters{' '}
            <Text span size="xs" c="dimmed" fw={400}>
              (defined at {levelLabel(notes.seventh.definedAt)})
            </Text>
          </Text>
          {notes.seventh.note !== '' && <Text size="sm">{notes.seventh.note}</Text>}
          <Table withRowBorders={false} verticalSpacing={1} horizontalSpacing={6} fz="sm">
            <Table.Tbody>
              {notes.seventh.values.map((v) => (
                <Table.Tr key={v.char}>
                  <Table.Td w={28} ff="monospace" fw={600}>
                    {v.char}
                  </Table.Td>
                  <Table.Td>{v.meaning}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {notes.placeholder && (
            <Text size="xs" c="dimmed">
              Fill empty positions before the 7th character with the placeholder X.
            </Text>
          )}
        </section>
      )}
      {disclaimer !== undefined && (
        <Group gap={4}>
          <Text size="xs" c="dimmed" data-testid="notes-disclaimer">
            {disclaimer}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
