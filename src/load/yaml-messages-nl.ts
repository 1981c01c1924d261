/**
 * YAML problem messages in Dutch, for the loader (src/load/yaml-file.ts: what validate, the API and
 * the editor's server check report) and for monaco-yaml in the editor. Its YAML worker (yaml-language-server and the
 * `yaml` parser) writes its schema and syntax messages in English ("Incorrect type. Expected
 * "string".", "Missing property "source".", "Implicit map keys need to be followed by map
 * values"); each known message pattern is mapped here to a Dutch sentence, and the marker
 * pipeline (monaco-setup.ts) passes every marker of the YAML worker through `dutchYamlMessage`.
 * Pure (no Monaco), so it is tested in Node too. A message no pattern knows is kept as it is,
 * prefixed so staff see it comes from the YAML checker; the test lists the known ones.
 */

/** JSON Schema type names as staff read them. */
const TYPES: Record<string, string> = {
  string: 'tekst', number: 'getal', integer: 'geheel getal', boolean: 'ja/nee (true of false)',
  object: 'een blok met velden', array: 'een lijst', null: 'leeg',
};

/** `"string | number"`, `string, number` -> `tekst of getal`. */
function types(list: string): string {
  return list.replace(/^"|"$/g, '').split(/\s*\|\s*|\s*,\s*/).filter(Boolean).map((t) => TYPES[t.replace(/"/g, '')] ?? t).join(' of ');
}

/** `"a" | "b"` (yaml-language-server joins merged arguments with " | ") -> `"a" of "b"`. */
const or = (list: string) => list.split(/\s*\|\s*/).join(' of ');

type Rule = [RegExp, (...groups: string[]) => string];

/** Anchored patterns of every message monaco-yaml 5 (yaml-language-server, yaml 2) can put in a marker. */
const RULES: Rule[] = [
  // Schema validation (yaml-language-server).
  [/^Incorrect type\. Expected one of (.+)\.$/s, (t) => `Verkeerd soort waarde: verwacht ${types(t)}.`],
  [/^Incorrect type\. Expected (".*")\.$/s, (t) => `Verkeerd soort waarde: verwacht ${types(t)}.`],
  [/^Missing property "(.*)"\.$/s, (p) => `Verplicht veld ontbreekt: ${p.split(/"?\s*\|\s*"?/).join(', ')}.`],
  [/^Property (.+) is not allowed\.$/s, (p) => `Veld '${p}' is hier niet toegestaan (tikfout, of hoort het op een andere plaats?).`],
  [/^Value is not accepted\. Valid values: (.*)\.$/s, (v) => `Deze waarde is niet toegestaan. Toegestaan: ${v}.`],
  [/^Value must be (.*)\.$/s, (v) => `De waarde moet ${or(v)} zijn.`],
  [/^String is shorter than the minimum length of (\d+)\.$/, (n) => `Tekst is te kort: minstens ${n} ${n === '1' ? 'teken' : 'tekens'}.`],
  [/^String is longer than the maximum length of (\d+)\.$/, (n) => `Tekst is te lang: hoogstens ${n} ${n === '1' ? 'teken' : 'tekens'}.`],
  [/^String does not match the pattern of "(.*)"\.$/s, (p) => `Tekst heeft niet de vereiste vorm (patroon ${p}).`],
  [/^Value is below the minimum of (.+)\.$/, (n) => `Waarde is kleiner dan het minimum ${n}.`],
  [/^Value is above the maximum of (.+)\.$/, (n) => `Waarde is groter dan het maximum ${n}.`],
  [/^Value is below the exclusive minimum of (.+)\.$/, (n) => `Waarde moet groter zijn dan ${n}.`],
  [/^Value is above the exclusive maximum of (.+)\.$/, (n) => `Waarde moet kleiner zijn dan ${n}.`],
  [/^Value is not divisible by (.+)\.$/, (n) => `Waarde is geen veelvoud van ${n}.`],
  [/^Array has too few items\. Expected (\d+) or more\.$/, (n) => `De lijst heeft te weinig elementen: minstens ${n}.`],
  [/^Array has too many items(?: according to schema)?\. Expected (\d+) or fewer\.$/, (n) => `De lijst heeft te veel elementen: hoogstens ${n}.`],
  [/^Array has too few items matching "contains"\. Expected (\d+) or more\.$/, (n) => `De lijst heeft te weinig passende elementen: minstens ${n}.`],
  [/^Array has too many items matching "contains"\. Expected (\d+) or fewer\.$/, (n) => `De lijst heeft te veel passende elementen: hoogstens ${n}.`],
  [/^Array has duplicate items\.$/, () => 'De lijst bevat een element twee keer.'],
  [/^Array does not contain required item\.$/, () => 'De lijst mist een verplicht element.'],
  [/^Object has more properties than limit of (\d+)\.$/, (n) => `Te veel velden: hoogstens ${n}.`],
  [/^Object has fewer properties than the required number of (\d+)\.?$/, (n) => `Te weinig velden: minstens ${n}.`],
  [/^Object is missing property (.+) required by property (.+)\.$/, (p, q) => `Veld '${p}' ontbreekt; het is verplicht naast '${q}'.`],
  [/^Matches multiple schemas when only one must validate\.$/, () => 'Past op meer dan één toegestane vorm, terwijl er precies één mag passen.'],
  [/^Matches a schema that is not allowed\.$/, () => 'Deze vorm is hier niet toegestaan.'],
  [/^String is not a RFC3339 date\.$/, () => 'Geen geldige datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2025-01-01.'],
  [/^String is not a RFC3339 date-time\.$/, () => 'Geen geldig tijdstip: schrijf JJJJ-MM-DDTuu:mm:ssZ.'],
  [/^String is not a RFC3339 time\.$/, () => 'Geen geldige tijd: schrijf uu:mm:ss.'],
  [/^String is not an e-mail address\.$/, () => 'Geen geldig e-mailadres.'],
  [/^String does not match IPv4 format\.$/, () => 'Geen geldig IPv4-adres.'],
  [/^String does not match IPv6 format\.$/, () => 'Geen geldig IPv6-adres.'],
  [/^URI (?:is )?expected\.$/, () => 'Hier hoort een adres (URI).'],
  [/^URI with a scheme is expected\.$/, () => 'Hier hoort een adres (URI) met een schema, zoals https:.'],
  [/^String is not a URI: (.*)$/s, (e) => `Geen geldig adres (URI): ${e}`],
  [/^Invalid color format\. .*$/s, () => 'Geen geldige kleur: schrijf #RGB, #RGBA, #RRGGBB of #RRGGBBAA.'],
  [/^Invalid pattern: "(.*)"$/s, (p) => `Ongeldig patroon in het schema: ${p}`],
  [/^Unresolved alias "(.*)"$/s, (a) => `Verwijzing *${a} verwijst naar een anker dat niet bestaat.`],
  [/^Unused anchor "(.*)"$/s, (a) => `Anker &${a} wordt nergens gebruikt.`],
  [/^Flow style mapping is forbidden$/, () => 'Een blok tussen { } is hier niet toegestaan.'],
  [/^Flow style sequence is forbidden$/, () => 'Een lijst tussen [ ] is hier niet toegestaan.'],
  [/^\$ref '(.*)' in '(.*)' cannot be resolved\.$/s, (r) => `Het schema verwijst naar ${r}, dat niet bestaat (fout in het schema, niet in uw tekst).`],
  [/^(?:Problems loading reference|Unable to load schema from|Unable to parse content from|Schema '.*' is not valid).*$/s, () => 'Het schema kon niet worden geladen (fout in de editor, niet in uw tekst).'],
  // YAML syntax (the yaml parser).
  [/^Map keys must be unique\b.*$/s, () => 'Deze sleutel komt in hetzelfde blok al voor.'],
  [/^Implicit map keys need to be followed by map values\b.*$/s, () => 'Na een sleutel hoort een dubbele punt en een waarde (sleutel: waarde).'],
  [/^Implicit keys need to be on a single line\b.*$/s, () => 'Een sleutel moet op één regel staan.'],
  [/^Implicit keys of flow sequence pairs need to be on a single line\b.*$/s, () => 'Een sleutel in een lijst tussen [ ] moet op één regel staan.'],
  [/^Nested mappings are not allowed in compact mappings\b.*$/s, () => 'Een blok binnen een blok op dezelfde regel mag niet; zet het op een nieuwe regel of tussen { }.'],
  [/^A block sequence may not be used as an implicit map key\b.*$/s, () => 'Een lijst kan geen sleutel zijn.'],
  [/^All mapping items must start at the same column\b.*$/s, () => 'Alle velden van een blok moeten even ver inspringen.'],
  [/^All sequence items must start at the same column\b.*$/s, () => 'Alle elementen van een lijst moeten even ver inspringen.'],
  [/^All collection items must start at the same column\b.*$/s, () => 'Alle elementen moeten even ver inspringen.'],
  [/^Tabs are not allowed as indentation\b.*$/s, () => 'Inspringen met een tab mag niet; gebruik spaties.'],
  [/^Missing closing "quote\b.*$/s, () => 'Het aanhalingsteken " wordt niet gesloten.'],
  [/^Missing closing 'quote\b.*$/s, () => "Het aanhalingsteken ' wordt niet gesloten."],
  [/^Missing , or : between (flow \w+) items\b.*$/s, () => 'Tussen de elementen ontbreekt een komma (of een dubbele punt).'],
  [/^Missing , between (flow \w+) items\b.*$/s, () => 'Tussen de elementen ontbreekt een komma.'],
  [/^Missing space after : in (flow \w+)\b.*$/s, () => 'Na de dubbele punt hoort een spatie.'],
  [/^Expected a flow scalar value, but found: (.*)$/s, () => 'Hier hoort een waarde.'],
  [/^Unexpected , in (.*)$/s, () => 'Onverwachte komma.'],
  [/^Unexpected empty item in (.*)$/s, () => 'Leeg element: twee komma\'s achter elkaar?'],
  [/^Unexpected flow-map-end\b.*$|^Unexpected } in .*$/s, () => 'Onverwachte } (wordt er een { te veel gesloten?).'],
  [/^Unexpected flow-seq-end\b.*$|^Unexpected \] in .*$/s, () => 'Onverwachte ] (wordt er een [ te veel gesloten?).'],
  [/^Unexpected (.+) at node end\b.*$/s, () => 'Onverwachte tekens na de waarde.'],
  [/^Unexpected (.+) token\b.*$/s, () => 'Onverwachte tekens op deze plaats.'],
  [/^Unexpected (.+) in (.+)$/s, () => 'Onverwachte tekens op deze plaats.'],
  [/^Sequence item without - indicator\b.*$/s, () => 'Een element van een lijst begint met "- ".'],
  [/^Comments must be separated from other tokens by white space characters\b.*$/s, () => 'Voor een # (commentaar) hoort een spatie.'],
  [/^Plain value cannot start with (.+)$/s, (c) => `Een waarde zonder aanhalingstekens kan niet beginnen met ${c.replace(/\s.*$/s, '')}; zet de waarde tussen aanhalingstekens.`],
  [/^Invalid escape sequence (.+)$/s, (s) => `Ongeldige escape ${s.replace(/\s.*$/s, '')} tussen dubbele aanhalingstekens.`],
  [/^Alias cannot be an empty string\b.*$|^Anchor cannot be an empty string\b.*$/s, () => 'Een anker (&) of verwijzing (*) heeft een naam nodig.'],
  [/^(?:Alias|Anchor) ending in : is ambiguous\b.*$/s, () => 'Een anker- of verwijzingsnaam mag niet op : eindigen.'],
  [/^Unresolved tag: (.+)$/s, (t) => `Onbekend label (tag) ${t.replace(/\s.*$/s, '')}.`],
  [/^A node can have at most one (anchor|tag)\b.*$/s, (w) => `Een waarde kan hoogstens één ${w === 'anchor' ? 'anker' : 'label'} hebben.`],
  [/^Block scalar header includes extra characters\b.*$|^Block scalar header not found\b.*$/s, () => 'Na | of > mag op dezelfde regel niets meer staan.'],
  [/^Block collection cannot start on same line with directives-end marker\b.*$/s, () => 'Na --- mag op dezelfde regel geen blok of lijst beginnen.'],
  [/^Missing directives-end(?:\/doc-start)? indicator line\b.*$/s, () => 'Na een %-regel hoort een regel met ---.'],
  [/^An alias node must not specify any properties\b.*$/s, () => 'Een verwijzing (*naam) kan geen anker of label hebben.'],
  [/^Tags and anchors must be separated from the next token by white space\b.*$/s, () => 'Na een anker (&) of label (!) hoort een spatie.'],
  [/^Anchors and tags must be after the (.+) indicator\b.*$/s, (i) => `Een anker (&) of label (!) hoort na ${i.replace(/\s.*$/s, '')}.`],
  [/^Source contains .*$/s, () => 'Dit bestand bevat tekens die niet in YAML mogen.'],
];

/** The Dutch sentence for a message of the YAML worker; Dutch text (the schema's own) passes unchanged. */
export function dutchYamlMessage(message: string): string {
  const m = message.trim();
  for (const [re, to] of RULES) {
    const hit = re.exec(m);
    if (hit) return to(...hit.slice(1));
  }
  return looksEnglish(m) ? `YAML-controle: ${m}` : message;
}

/** Words that mark a sentence of the YAML worker as English (used for unknown messages and by the tests). */
const ENGLISH = /\b(?:Incorrect|Expected|Missing|Property|allowed|accepted|Valid|values|String|Array|Object|Matches|must|Unexpected|Implicit|Nested|Unresolved|Unused|the|cannot|required|items?|between|after|should)\b/;
export const looksEnglish = (message: string) => ENGLISH.test(message);

/** What Monaco shows as a marker's source: "yaml-schema: https://…/decision.schema.json" becomes a Dutch word. */
export function dutchMarkerSource(source: string | undefined): string | undefined {
  if (!source) return source;
  if (source.startsWith('yaml-schema:')) return 'schema regelbestanden';
  if (source === 'YAML') return 'YAML';
  return source;
}

/** The `yaml` parser's sentence in Dutch, for the loader's "YAML-fout: …" (an unknown one stays as it is). */
export function dutchParserMessage(message: string): string {
  return dutchYamlMessage(message).replace(/^YAML-controle: /, '');
}

/**
 * A problem of the server's own check, as the editor shows it: the loader already writes Dutch after
 * "YAML-fout: " (dutchParserMessage); a sentence that is still English (a server of an earlier
 * release) is mapped the same way.
 */
export function dutchServerMessage(message: string): string {
  const m = /^YAML-fout: (.*?)( \(en \d+ vervolgfouten? daarna\))?$/s.exec(message);
  return m ? `YAML-fout: ${dutchYamlMessage(m[1]).replace(/^YAML-controle: /, '')}${m[2] ?? ''}` : message;
}
