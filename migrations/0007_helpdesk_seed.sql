-- Built-in support domains, then two configurable ones staff may rename or deactivate.
INSERT INTO "helpdesk_domains" ("code", "label", "builtin", "position") VALUES
  ('comptabilite', 'Comptabilité', true, 10),
  ('elections', 'Élections', true, 20),
  ('etat-civil', 'État civil', true, 30),
  ('marches-publics', 'Marchés publics', true, 40),
  ('numerique', 'Numérique et collectivités', true, 50),
  ('securite', 'Sécurité informatique', true, 60),
  ('materiel', 'Matériel', false, 70),
  ('reseau', 'Réseau', false, 80)
ON CONFLICT ("code") DO NOTHING;
--> statement-breakpoint
-- Opening hours (Monday = 1) and SLA targets in business minutes per priority.
INSERT INTO "helpdesk_settings" ("id", "opening_hours", "sla_targets", "near_breach_ratio") VALUES (1,
  '{"1":[["08:30","12:00"],["13:30","17:30"]],"2":[["08:30","12:00"],["13:30","17:30"]],"3":[["08:30","12:00"],["13:30","17:30"]],"4":[["08:30","12:00"],["13:30","17:30"]],"5":[["08:30","12:00"],["13:30","17:00"]]}'::jsonb,
  '{"urgent":{"firstResponse":60,"resolution":480},"high":{"firstResponse":120,"resolution":960},"normal":{"firstResponse":240,"resolution":2400},"low":{"firstResponse":480,"resolution":4800}}'::jsonb,
  80)
ON CONFLICT ("id") DO NOTHING;
