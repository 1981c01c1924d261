/** The namespaces of iJw 3.2: one per message (`jw323`, `jw301`, ...) and the basisschema of the shared types. */
export const IJW_NS = (bericht: string) => `http://www.istandaarden.nl/ijw/3_2/${bericht}/schema`;

export const BS_NS = IJW_NS('basisschema');
