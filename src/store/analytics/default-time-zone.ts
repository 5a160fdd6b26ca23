/** Where an assistant's analytics days are cut unless its settings name another IANA time zone. */
export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
