import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import type { Role } from '@charta/core';
import { CreateUserRequest, type ProblemDetails, type UserView } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { ROLE_OPTIONS } from '../format/roles.js';

const PLACED = ['/username', '/displayName', '/email', '/role', '/password', '/emergencyAccessDesignated'];

interface Draft {
  username: string;
  displayName: string;
  email: string;
  role: Role | null;
  password: string;
  emergencyAccessDesignated: boolean;
}

const EMPTY: Draft = {
  username: '',
  displayName: '',
  email: '',
  role: null,
  password: '',
  emergencyAccessDesignated: false,
};

export interface CreateUserModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly onCreated: (user: UserView) => void;
}

/** New staff account with an initial password; the person enrols MFA at first sign-in if their role requires it. */
export function CreateUserModal({ opened, onClose, onCreated }: CreateUserModalProps) {
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    // The initial password must not linger in memory once the dialog is gone.
    setDraft(EMPTY);
    setFields({});
    setProblem(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const email = draft.email.trim();
    const checked = validate(CreateUserRequest, {
      username: draft.username,
      displayName: draft.displayName,
      ...(email !== '' ? { email } : {}),
      role: draft.role ?? undefined,
      password: draft.password,
      emergencyAccessDesignated: draft.emergencyAccessDesignated,
    });
    if (!checked.ok) {
      const messages = { ...fieldMessages(checked.errors) };
      // The contract's enum message lists the raw role codes; a person needs only this.
      if ('/role' in messages) messages['/role'] = 'Choose a role';
      setFields(messages);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const user = await api.createUser(checked.value);
      setDraft(EMPTY);
      onCreated(user);
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFields(fieldMessages(p.errors));
    } finally {
      setBusy(false);
    }
  };

  /** Editing a field clears its message: it described the old value. */
  const clearField = (key: keyof Draft) =>
    setFields((f) => Object.fromEntries(Object.entries(f).filter(([pointer]) => pointer !== `/${key}`)));

  const text = (key: 'username' | 'displayName' | 'email' | 'password') => (e: { currentTarget: HTMLInputElement }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
    clearField(key);
  };

  return (
    <Modal opened={opened} onClose={close} title="Create user" centered>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          {problem && <ProblemAlert problem={problem} placed={PLACED} />}
          <TextInput
            label="Username"
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-autofocus
            value={draft.username}
            onChange={text('username')}
            error={fields['/username']}
          />
          <TextInput
            label="Full name"
            required
            autoComplete="off"
            value={draft.displayName}
            onChange={text('displayName')}
            error={fields['/displayName']}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            value={draft.email}
            onChange={text('email')}
            error={fields['/email']}
          />
          <Select<Role>
            label="Role"
            required
            data={ROLE_OPTIONS}
            value={draft.role}
            onChange={(role) => {
              setDraft((d) => ({ ...d, role }));
              clearField('role');
            }}
            error={fields['/role']}
            allowDeselect={false}
          />
          <PasswordInput
            label="Initial password"
            description="At least 12 characters. Give it to the person by a separate, secure channel."
            required
            autoComplete="new-password"
            value={draft.password}
            onChange={text('password')}
            error={fields['/password']}
          />
          <Checkbox
            label="May use emergency access (break-glass)"
            checked={draft.emergencyAccessDesignated}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              setDraft((d) => ({ ...d, emergencyAccessDesignated: checked }));
            }}
            error={fields['/emergencyAccessDesignated']}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
