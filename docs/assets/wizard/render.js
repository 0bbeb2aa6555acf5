// Turns what the matrix core returned for the wizard into DOM, through `h` (text and attributes only,
// never markup, so nothing in the matrix or typed by an agent can inject HTML).

import { failure, h, isFailure } from "./dom.js";

export { h };

/** Every link an answer carries is relative to the site's root (the core makes it, in the site's URL style). */
const SITE = new URL("../../", import.meta.url);
export const site = (link) => new URL(link, SITE).href;

const clock = (c) => `target ${c.target}, maximum ${c.maximum}`;

/** Each published choice of ours by id, with its topic and link (the catalogue's `ours`), once the page has it. */
let OURS = { word: "ours", choices: {} };
export function knowOurs(table) { OURS = table; }

/**
 * " (ours: weekdays, local-time-zone)" after a value that rests on choices of ours (ids from the core),
 * each id a link to its explanation; nothing when there are none.
 */
function ours(...lists) {
  const ids = [...new Set(lists.flat())].filter((id) => OURS.choices[id]);
  if (!ids.length) return null;
  return h("small", { class: "wz-ours" }, ` (${OURS.word}: `, ids.map((id, n) => [n ? ", " : "",
    h("a", { href: site(OURS.choices[id].link), title: OURS.choices[id].topic, "data-ours": id }, id)]), ")");
}

/** A link to the choice of ours a line rests on (`{text, link}` from the core), or nothing. */
const why = (choice) => (choice ? [" ", h("a", { href: site(choice.link), class: "wz-why" }, choice.text)] : null);

/** How to reach a party (a tier through its contact), its hours, and whom to go through when it has no usable contact. */
function contact(card) {
  const reach = card.contact?.href ? h("a", { href: card.contact.href }, card.reach) : card.reach;
  const via = card.via ? ["via ", card.via, ": "] : [];
  const emergency = card.hours.emergency ? " · reachable for emergencies" : "";
  return h("span", { class: "wz-contact" }, via, reach, " · ", card.hours.text, emergency,
    ours(card.ours, card.hours.ours),
    card.instead ? h("span", { class: "wz-instead", "data-field": "instead" }, card.instead.text, why(card.instead.why))
      : null);
}

function party(card) {
  return h("span", { class: "wz-party", "data-party": card.id },
    h("a", { href: site(card.link) }, h("strong", {}, card.name)), " — ", contact(card));
}

function pathItem(label, cards, choice = []) {
  const body = cards.length === 1 ? party(cards[0])
    : h("span", {}, "any of", ours(choice), ": ", h("ul", {}, cards.map((card) => h("li", {}, party(card)))));
  return h("li", {}, h("span", { class: "wz-step" }, label), " ", body);
}

function row(term, field, ...value) {
  return [h("dt", {}, term), h("dd", { "data-field": field }, ...value)];
}

/**
 * The answer's card, in the order an agent reads it (`card` is the core's `answer_card`): who owns it and
 * whether on shift now, how to reach them or whom to go through instead, the deadline that counts (with
 * a countdown once the moment is known), what to do now, and where the matrix contradicts itself here.
 */
export function answerCard(card) {
  const { owner, contact, deadline, now, flags } = card;
  const reach = contact.href ? h("a", { href: contact.href }, contact.text) : contact.text;
  const due = deadline.due
    ? [" due ", h("strong", {}, deadline.due_label), " · ",
       h("span", { class: "wz-countdown", "data-countdown": deadline.due }, countdown(deadline.due))]
    : [];
  const line = (part, term, attributes, ...value) => h("p", { "data-part": part, ...attributes },
    h("span", { class: "wz-card-term" }, term), h("span", { class: "wz-card-value" }, ...value));
  return h("div", { class: "wz-card-body", "data-tone": now.tone },
    line("owner", "Owner", { class: "wz-card-owner" },
      h("a", { href: site(owner.link) }, h("strong", {}, owner.name)),
      owner.status ? h("span", { class: "wz-card-status", "data-shift": owner.on_shift ? "on" : "off" },
        ` · ${owner.status}`) : null,
      why(owner.why), ours(owner.ours)),
    line("contact", "Reach", { "data-placeholder": String(contact.placeholder) }, reach,
      contact.instead ? h("span", { class: "wz-card-instead" }, " ", contact.instead, why(contact.why)) : null,
      ours(contact.ours)),
    line("deadline", "Deadline", { "data-clock": deadline.clock, ...(deadline.due ? { "data-due": deadline.due } : {}) },
      h("strong", {}, `${deadline.duration} ${deadline.label}`), due, why(deadline.why), ours(deadline.ours)),
    line("now", "Now", { class: "wz-card-now", "data-tone": now.tone }, now.text, why(now.why)),
    flags.length ? h("ul", { class: "wz-card-flags", "data-part": "flags" }, flags.map((flag) =>
      h("li", {}, flag.text, " (", h("a", { href: site(flag.link) }, flag.link_text), ")"))) : null);
}

/**
 * The route's recent changes, from the build's `recent` (the core's words, each with its date): those within
 * `recent.days` by this browser's clock, newest first; nothing when there are none.
 */
export function recentChanges(recent, slug, now = Date.now()) {
  const since = now - recent.days * 86_400_000;
  const changes = (recent.issues[slug] || []).filter((change) => Date.parse(change.date) >= since);
  if (!changes.length) return null;
  return h("div", { class: "wz-recent", "data-field": "recent" },
    h("strong", {}, recent.heading), ": ", changes.map((change, n) => [n ? "; " : "", change.text]),
    " (", h("a", { href: site(recent.link) }, recent.link_text), ")");
}

/** The routing answer (`answer.route` is `Route.to_dict()`), with its recent changes (`recent`, the build's). */
export function routeAnswer(route, recent = null) {
  const names = [route.owner.name, ...route.path.map((step) => step.name)];
  const severity = route.severity;
  const procedure = route.procedure;
  return h("div", { class: "wz-route" },
    h("h3", { "data-field": "issue" }, route.issue, " ", h("small", {}, `(${route.category})`)),
    h("p", { class: "wz-pathline", "data-field": "path-line" }, names.join(" → ")),
    recent ? recentChanges(recent, route.slug) : null,
    h("dl", { class: "wz-summary" },
      row("Initial owner", "owner", party(route.owner)),
      row("Next step", "next", route.next_name),
      row("Issue SLA", "sla", h("a", { href: site(route.links.sla) }, route.sla), ours(route.sla_ours)),
      route.channel
        ? row(`First response (${route.channel.name})`, "first-response", clock(route.channel.first_response))
        : row("First response", "first-response", "Choose the channel to see its target."),
      severity
        ? row(`Resolution (${severity.label})`, "resolution", clock(severity.resolution), ours(severity.resolution.ours))
        : row("Resolution", "resolution", "Choose a severity to see its target and required actions."),
      procedure
        ? row("Procedure", "procedure-name",
            h("a", { href: site(procedure.link) }, procedure.name),
            procedure.emergency ? h("strong", { class: "wz-emergency" }, " (emergency)") : "", ours(procedure.ours))
        : null),
    // Filled by the answer for this moment (`timeAnswer`), which Python gives once it has loaded.
    h("div", { class: "wz-now", "data-field": "now" }),
    h("h4", {}, "Escalation path"),
    h("ol", { class: "wz-path", "data-field": "path" },
      pathItem("Initial owner:", [route.owner]),
      route.path.map((step) => pathItem(`Step ${step.step}:`, step.alternatives, step.ours))),
    severity ? [
      h("h4", {}, `Required actions (${severity.label})`),
      h("p", { class: "wz-hint" }, severity.definition),
      h("ul", { "data-field": "actions" }, severity.actions.map((a) => h("li", {}, a.action))),
    ] : null,
    route.tier_responses.length ? [
      h("h4", {}, "Tier response times"),
      h("ul", { "data-field": "tier-responses" },
        route.tier_responses.map((t) => h("li", {}, `${t.tier} (${t.label}): within ${t.within}`))),
    ] : null,
    procedure ? [
      h("h4", {}, `${procedure.name}: what to do`),
      h("ol", { class: "wz-procedure", "data-field": "procedure" }, procedure.steps.map((step) =>
        h("li", {}, h("strong", {}, step.title), h("ul", {}, step.items.map((item) => h("li", {}, item)))))),
    ] : null,
    h("p", { class: "wz-links", "data-field": "links" }, "In the runbook: ",
      h("a", { href: site(route.links.routing) }, `routing for ${route.issue}`),
      severity ? [" · ", h("a", { href: site(severity.link) }, `severity ${severity.id}`)] : null,
      procedure ? [" · ", h("a", { href: site(procedure.link) }, procedure.name)] : null,
      " · ", h("a", { href: site(route.links.sla) }, "SLA targets")));
}

/** Input the core could not match ("Unknown issue type: 'x'. Did you mean: …?"), or a failed answer. */
export function problem(body) {
  return isFailure(body) ? failure(body) : h("p", { class: "wz-problem", "data-field": "problem" }, body.error);
}

/** "Can I do this?": `p` is the core's permission answer, with its verdict, sentence and bands, and a link to each
 * choice of ours it rests on (a lead's grants, where a refund threshold falls, the currency). */
export function permission(p) {
  return h("div", { class: `wz-verdict wz-${p.grant}`, "data-grant": p.grant },
    h("p", {}, h("strong", { "data-field": "verdict" }, p.verdict), " ", p.summary),
    p.who_can_text ? h("p", { "data-field": "who-can" }, p.who_can_text) : null,
    p.bands.length > 1 || p.grant === "depends"
      ? h("ul", { "data-field": "bands" }, p.bands.map((band) => h("li", {}, band.text))) : null,
    p.why.length ? h("p", { class: "wz-hint", "data-field": "why" }, `${p.why_label}: `, p.why.map((ours, i) =>
      [i ? " · " : "", h("a", { href: site(ours.link), class: "wz-why", "data-interpretation": p.interpretations[i] },
        ours.text)])) : null,
    h("p", {}, h("a", { href: site(p.link) }, "The authority matrix")));
}

/** A radio button with its label and the description that helps choose it. */
export function option(group, value, label, description, examples) {
  const id = `${group}-${value || "none"}`;
  const describedBy = description ? `${id}-about` : null;
  return h("div", { class: "wz-option" },
    h("input", { type: "radio", name: group, id, value, "aria-describedby": describedBy }),
    h("label", { for: id }, h("strong", {}, label)),
    description ? h("div", { id: describedBy, class: "wz-about" }, description,
      examples && examples.length ? h("span", { class: "wz-examples" }, ` For example: ${examples.join("; ")}.`) : null)
      : null);
}

/** What is left until `dueISO` at `now` (ms): "1 h 59 min left", "overdue by 3 min 10 s". */
export function countdown(dueISO, now = Date.now()) {
  const left = Date.parse(dueISO) - now;
  let seconds = Math.floor(Math.abs(left) / 1000);
  const days = Math.floor(seconds / 86400);
  seconds %= 86400;
  const hours = Math.floor(seconds / 3600);
  seconds %= 3600;
  const minutes = Math.floor(seconds / 60);
  seconds %= 60;
  const parts = days ? [`${days} d`, `${hours} h`] : hours ? [`${hours} h`, `${minutes} min`] : [`${minutes} min`, `${seconds} s`];
  return left < 0 ? `overdue by ${parts.join(" ")}` : `${parts.join(" ")} left`;
}

function deadlineRow(d, governing, shared) {
  const counted = d.counts === "business" ? " of the owner's business hours" : "";
  const counts = d.clock === governing.clock && d.bound === governing.bound;
  const governs = governing.why ? h("a", { href: site(governing.why.link), class: "wz-why" }, "the one that counts")
    : "the one that counts";
  return h("tr", { "data-clock": `${d.clock}-${d.bound}`, ...(counts ? { "data-governing": "true" } : {}) },
    h("td", {}, d.label, counts ? h("strong", { class: "wz-governs" }, " (", governs, ")") : null,
      ours(d.ours.filter((id) => !shared.includes(id)))),
    h("td", {}, `${d.duration}${counted}`),
    h("td", { "data-field": "due" }, d.due_text),
    h("td", { class: "wz-countdown" }, d.due ? h("span", { "data-countdown": d.due }, countdown(d.due)) : "—"));
}

/**
 * The time-aware part of an answer (`timed_answer()`): every clock as a local time with a countdown (the
 * card's marked as the one that counts), and the off-shift rule (what to do now is the card's). A choice of ours
 * every clock rests on (how clocks count) is marked once, on the column it concerns; each row marks the rest.
 * Countdowns tick in the page (see `tickCountdowns`).
 */
export function timeAnswer(body) {
  const { time, deadlines, off_shift: offShift } = body.route;
  const shared = deadlines.length > 1
    ? deadlines.map((d) => d.ours).reduce((all, ids) => all.filter((id) => ids.includes(id))) : [];
  return h("div", { class: "wz-now-body" },
    h("h3", {}, "Right now ", h("small", { "data-field": "opened" }, `(opened ${time.opened_at_label}, times in ${time.tz})`)),
    body.zone_note ? h("p", { class: "wz-hint", "data-field": "zone-note" }, body.zone_note) : null,
    h("table", { class: "wz-deadlines", "data-field": "deadlines" },
      h("thead", {}, h("tr", {}, ["Clock", "Allows", "Due", "Countdown"].map((title) =>
        h("th", { scope: "col", "data-column": title }, title, title === "Allows" ? ours(shared) : null)))),
      h("tbody", {}, deadlines.map((d) => deadlineRow(d, body.route.card.deadline, shared)))),
    h("p", { class: "wz-hint", "data-field": "off-shift-rule" }, `Off-shift rule: ${offShift.rule}.`, ours(offShift.ours)));
}

/** Mark each party on the answer on or off shift now, in the core's words. */
export function markShifts(container, body) {
  const cards = [body.route.owner, ...body.route.path.flatMap((step) => step.alternatives)];
  const status = new Map(cards.map((card) => [card.id, card.shift]));
  for (const party of container.querySelectorAll(".wz-party[data-party]")) {
    party.querySelector(".wz-shift")?.remove();
    const shift = status.get(party.dataset.party);
    if (!shift) continue;
    const state = shift.on_shift ? "on" : shift.emergency_only ? "emergency" : "off";
    party.append(h("span", { class: `wz-shift wz-shift-${state}`, "data-shift": state },
      body.shift_lines[party.dataset.party]));
  }
}

/** Refresh every countdown under `root` (called each second while the page shows one). */
export function tickCountdowns(root, now = Date.now()) {
  for (const span of root.querySelectorAll("[data-countdown]")) span.textContent = countdown(span.dataset.countdown, now);
}
