/** The store's clock: float seconds since the epoch, as Rasa's timestamps. */
export function epochSeconds(): number {
  return Date.now() / 1000;
}
