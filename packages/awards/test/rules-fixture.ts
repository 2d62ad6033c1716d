/** A rules file with every rule kind, a pathway and referral tiers: what the awards tests evaluate. */
export const RULES_YAML = `# A small association's award rules
version: 1
issuer:
  name: The Club
  url: https://club.example
achievements:
  - key: membership
    id: https://club.example/achievements/membership
    name: Membership
    description: A paying member for the term.
    criteria: Paid the membership fee.
    kind: membership
    repeat: per-term
    when: { rule: value, column: paid, anyOf: [yes] }
  - key: attendance
    id: https://club.example/achievements/attendance
    name: Regular
    description: Came to most meetings of the term.
    criteria: At least 8 meetings attended in the term.
    kind: attendance
    repeat: per-term
    when: { rule: threshold, column: meetings, atLeast: 8 }
  - key: volunteer
    id: https://club.example/achievements/volunteer
    name: Volunteer
    description: Gave time to the club in the term.
    criteria: At least 20 volunteering hours in the term.
    kind: volunteering
    repeat: per-term
    when: { rule: threshold, column: volunteer_hours, atLeast: 20 }
  - key: committee
    id: https://club.example/achievements/committee
    name: Committee member
    description: Served on the club's committee.
    criteria: Chair, secretary or treasurer.
    kind: contribution
    when: { rule: value, column: roles, anyOf: [chair, secretary, treasurer] }
  - key: loyalty-5
    id: https://club.example/achievements/loyalty-5
    name: Five years a member
    description: A member for five years.
    criteria: Five years since joining.
    kind: loyalty
    when: { rule: member-years, atLeast: 5 }
  - key: first-aid
    id: https://club.example/achievements/first-aid
    name: First aider
    description: Holds the club's first-aid certification.
    criteria: Passed the first-aid course; renewed every 2 years.
    kind: certificate
    when: { rule: certification, column: first_aid_on, validYears: 2 }
  - key: three-volunteer
    id: https://club.example/achievements/three-terms-volunteer
    name: Three-term Volunteer
    description: Volunteered in three terms.
    criteria: Three Volunteer badges.
    kind: milestone
    when: { rule: count, of: [volunteer], atLeast: 3 }
  - key: workshop-basics
    id: https://club.example/achievements/workshop-basics
    name: Basics workshop
    description: Took the basics workshop.
    criteria: Attended the basics workshop.
    kind: participation
    when: { rule: value, column: workshops, anyOf: [basics] }
  - key: workshop-ethics
    id: https://club.example/achievements/workshop-ethics
    name: Ethics workshop
    description: Took the ethics workshop.
    criteria: Attended the ethics workshop.
    kind: participation
    when: { rule: value, column: workshops, anyOf: [ethics] }
  - key: workshop-history
    id: https://club.example/achievements/workshop-history
    name: History workshop
    description: Took the history workshop.
    criteria: Attended the history workshop.
    kind: participation
    when: { rule: value, column: workshops, anyOf: [history] }
  - key: practitioner
    id: https://club.example/achievements/practitioner
    name: Certified Practitioner
    description: Completed the practitioner pathway.
    criteria: The basics and ethics workshops and first aid.
    kind: pathway
  - key: ambassador-1
    id: https://club.example/achievements/ambassador-1
    name: Ambassador
    description: Brought a new member.
    criteria: One referred member who paid.
    kind: referral
    when: { rule: referrals, atLeast: 1 }
  - key: ambassador-5
    id: https://club.example/achievements/ambassador-5
    name: Ambassador (5)
    description: Brought five new members.
    criteria: Five referred members who paid.
    kind: referral
    when: { rule: referrals, atLeast: 5 }
pathways:
  - key: practitioner
    name: Practitioner pathway
    ordered: true
    steps:
      - achievement: workshop-basics
      - achievement: workshop-ethics
      - achievement: first-aid
      - achievement: workshop-history
        optional: true
    completion: practitioner
referrals:
  paidMembership: [membership]
`
