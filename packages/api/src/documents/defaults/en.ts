import type { DefaultDocument } from './types.ts';

// Threshold's own default wording. Sites publish their own versions from the admin app.
export const englishDefaults: DefaultDocument[] = [
  {
    kind: 'visitor_confidentiality_form',
    title: 'Confidentiality for Visitors',
    body: `Why we ask you to sign this

The people we support have a right to privacy and to safety. Some of them are children. Some are at risk from people who are trying to find them. Anything you see or hear during your visit could put someone in danger if it were passed on.

What you agree to

1. I will keep confidential everything I see, hear or read about the people who use this service, their families and the staff — during my visit and afterwards.
2. I will not tell anyone, in person, in writing or online, that a particular person uses this service or was here.
3. I will not take photographs, video or sound recordings anywhere on site, and I will not share pictures or descriptions of the building or where it is.
4. I will stay with the member of staff who escorts me at all times. I will not be alone with a child or anyone who uses the service.
5. I will not write down or take away personal information about anyone, unless a member of staff has agreed this with me beforehand for a professional reason.
6. If something during my visit worries me about someone's safety, I will tell the member of staff with me, or the safeguarding lead, before I leave. I will not try to deal with it myself.
7. If anyone asks me about my visit, I will not confirm or deny that any person uses this service.
8. I understand that if I break this agreement I may be asked to leave and not to visit again, and that a serious breach may be reported to the police or other authorities.

What we do with your information

We keep a record of your visit — your name, organisation, why you came, who you came to see, the times you arrived and left, and this signed form — so that we know who is in the building and can show that our safeguarding rules were followed. We keep it only for as long as our retention policy allows, unless a safeguarding concern means we must keep it longer. We share it only where the law requires. You can ask us for a copy of the information we hold about you.`,
  },
  {
    kind: 'confidentiality_policy',
    title: 'Policy on Confidentiality',
    body: `Our promise

Everything we know about the people we support is confidential. We collect only what we need to provide our service, and we never sell, trade or lend it.

Need to know

Inside our organisation, information is shared only with the staff and volunteers who need it to do their work, and only as much as they need.

Keeping records safe

Records are kept in locked storage or in systems protected by passwords. Nothing is left on a desk or on a screen where others can see it. Records are destroyed securely after the period set in our retention policy, unless a safeguarding concern means they must be kept.

When we share without consent

We share personal information only with the informed consent of the person it is about, except when:
• someone is in immediate danger, or a child or adult is at risk of serious harm;
• the law requires us to share it;
• the police need it to prevent or detect a serious crime.
When we share without consent, we record what we shared, with whom and why, and we tell the person unless doing so would put someone at risk.

Visitors, volunteers and contractors

Everyone who comes into our buildings signs a confidentiality agreement before meeting anyone and receives this policy and our Policy on Disclosure of Information.

Your rights

You can ask to see the information we hold about you, and ask us to correct it. Questions about this policy go to the coordinator on duty.`,
  },
  {
    kind: 'disclosure_policy',
    title: 'Policy on Disclosure of Information',
    body: `Requests from other agencies

When another organisation — for example a school, a health service, a local authority or the police — asks us for information about someone, we record the request: who asked, what they asked for and why, whether we asked the person for consent, whether consent was given or refused, what we decided and why, and whether the person was told.

Checking who is asking

We confirm the identity of anyone asking for information before we answer, for example by calling back a number we already know. We never give out information to someone we cannot identify.

Partners and former partners

We never tell a partner, a former partner or their family or friends whether a person uses our service, has used it, or where they are. This applies even if they say it is urgent or that they have a right to know.

Sharing only what is needed

When we do share information, we share only what is needed for the purpose, with the person or agency who needs it, in a secure way.

Emails and letters

Our emails carry a confidentiality notice. Personal information is never sent where people who should not see it could read it.

If you are asked

If you are asked about someone who uses this service, do not confirm or deny anything. Refer the question to the coordinator.`,
  },
  {
    kind: 'no_photography_statement',
    title: 'No photographs or video',
    body: `Photographs, video and sound recordings are not allowed anywhere on this site — inside or outside the building. This includes phones, tablets, smart watches, cameras and any other device.

This protects children and adults whose safety depends on nobody knowing they are here.

If you need a picture for a professional reason, speak to the coordinator before your visit. It can only be taken with written consent arranged in advance.

Please keep your phone's camera put away for your whole visit.`,
  },
  {
    kind: 'staff_policy',
    title: 'Staff confidentiality and child protection policy',
    body: `Every member of staff and every volunteer reads this policy, signs that they accept it, and takes refresher training at least twice a year.

1. Keep confidential everything you learn about the people we support. Share it inside the organisation only on a need-to-know basis.
2. Never confirm to anyone outside the organisation that a person uses this service, unless the Policy on Disclosure of Information allows it.
3. Visitors are signed in, accompanied at all times and signed out. If you are escorting a visitor you stay with them until you hand them over to another escort or they leave.
4. No photographs or recordings of children or service users without written consent arranged through the coordinator.
5. Report any concern about a child's or an adult's safety to the safeguarding lead the same day.
6. Keep records locked away or password-protected; never leave personal information on a screen or desk.`,
  },
];
