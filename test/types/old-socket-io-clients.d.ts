// The old socket.io clients of rasa-webchat, as the tests use them: 2 (EIO=3, webchat ≤ 1.0.0) ships
// no types, and 3's types are not reachable through its package exports under NodeNext.
interface OldSocketIoClient {
  id: string | undefined;
  connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): OldSocketIoClient;
  emit(event: string, ...args: unknown[]): OldSocketIoClient;
  close(): OldSocketIoClient;
  io: { engine: { transport: { name: string } } };
}

declare module 'socket.io-client-v2' {
  function io(url: string, options?: Record<string, unknown>): OldSocketIoClient;
  export default io;
}

declare module 'socket.io-client-v3' {
  export function io(url: string, options?: Record<string, unknown>): OldSocketIoClient;
}
