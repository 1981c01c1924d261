/** Who acts and with which roles: the identity the procedure, the decision log and the server share. */
export type Role = 'indiener' | 'beoordelaar' | 'beheerder';

/** Who acts: a logged-in user. */
export interface Actor {
  username: string;
  name: string;
  roles: Role[];
}
