import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  createUser,
  getUserByEmail,
  listUsers,
  updateUser,
  USER_ROLES,
  type Database,
  type UserRole,
} from '@ripple/db';
import type { Kysely } from 'kysely';
import { hashPassword, passwordProblems } from './auth/passwords.js';

export const USER_USAGE = `User commands:
  user add --email E --name N --role admin|manager|funder
                                  Create an account; the password is asked for (hidden), or
                                  read from standard input when it is not a terminal
  user password --email E         Set a new password (ends the account's sessions)
  user disable --email E          Disable an account (ends its sessions); user enable undoes it
  user list                       Every account with its role`;

export async function runUserCommand(
  db: Kysely<Database>,
  args: string[],
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
    },
    strict: true,
  });
  if (action === 'list') {
    for (const user of await listUsers(db)) {
      console.log(
        `${user.email}\t${user.role}\t${user.name}${user.disabled ? '\t(disabled)' : ''}`,
      );
    }
    return 0;
  }
  const email = values.email?.trim();
  if (!email) throw new Error(`--email is required\n\n${USER_USAGE}`);

  if (action === 'add') {
    const role = values.role ?? '';
    if (!(USER_ROLES as readonly string[]).includes(role)) {
      throw new Error(`--role must be one of ${USER_ROLES.join(', ')}, not "${role}"`);
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`"${email}" is not an email address`);
    if (await getUserByEmail(db, email)) throw new Error(`An account with ${email} already exists`);
    const name = values.name?.trim() || email.split('@')[0]!;
    const password = await readNewPassword(input, { email, name });
    await createUser(db, {
      email,
      name,
      role: role as UserRole,
      passwordHash: await hashPassword(password),
    });
    console.log(`Created ${role} ${email}.`);
    return 0;
  }

  const user = await getUserByEmail(db, email);
  if (!user) throw new Error(`No account with the email ${email}`);
  if (action === 'password') {
    const password = await readNewPassword(input, { email, name: user.name });
    await updateUser(db, user.id, { passwordHash: await hashPassword(password) });
    console.log(`New password set for ${email}; its sessions were ended.`);
    return 0;
  }
  if (action === 'disable' || action === 'enable') {
    await updateUser(db, user.id, { disabled: action === 'disable' });
    console.log(`${email} ${action}d.`);
    return 0;
  }
  throw new Error(`Unknown user command "${action ?? ''}"\n\n${USER_USAGE}`);
}

async function readNewPassword(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  account: { email: string; name: string },
): Promise<string> {
  let password: string;
  if (input.isTTY) {
    password = await askHidden(input, 'New password: ');
    const again = await askHidden(input, 'The same password again: ');
    if (again !== password) throw new Error('The two passwords differ; nothing was changed');
  } else {
    // Piped: the first line is the password (`printf '%s\n' "$PW" | pnpm ripple user add …`).
    let text = '';
    for await (const chunk of input) text += String(chunk);
    password = text.split(/\r?\n/)[0] ?? '';
  }
  const problems = passwordProblems(password, account);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}; nothing was changed`);
  return password;
}

function askHidden(input: NodeJS.ReadableStream, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output: process.stdout, terminal: true });
    // Echo nothing of what is typed after the question.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write.call(rl, question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
