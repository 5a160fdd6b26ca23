// A console user as the API shows it: never the password hash, never the store's ids.
import type { UserRecord } from '../../store/store.js';

export const userSchema = {
  type: 'object',
  properties: {
    login: { type: 'string' },
    email: { type: 'string' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    role: { type: 'string', enum: ['administrator', 'agent', 'viewer', 'operator'], description: "administrator: everything of the server; agent: reads, and answers the handoff inbox; viewer: reads; operator: the platform's operator (every server)" },
    active: { type: 'boolean' },
    server: { type: 'string' },
    mustChangePassword: { type: 'boolean', description: 'the password is still the one generated at the first start (printed once): the console asks to change it until it is' },
  },
  required: ['login', 'email', 'firstName', 'lastName', 'role', 'active', 'server'],
} as const;

export function userView(user: UserRecord) {
  return { login: user.login, email: user.email, firstName: user.firstName, lastName: user.lastName, role: user.role, active: user.active, server: user.serverName, mustChangePassword: user.passwordGenerated };
}
