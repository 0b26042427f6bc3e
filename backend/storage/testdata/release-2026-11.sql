-- A data folder's database as ShelfSync of November 2026 (7b781d9) left it:
-- a demo connection of 12 SKUs after a Full and a Smart Sync. Upgrade tests
-- load it to check that a merchant's existing data keeps working.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE `connections` (`id` integer PRIMARY KEY AUTOINCREMENT,`name` text NOT NULL,`demo` numeric,`warehouse_kind` text NOT NULL,`warehouse_settings` text,`store_kind` text NOT NULL,`store_settings` text,`secret_names` text,`schedule_enabled` numeric,`interval_minutes` integer,`auto_mode` text,`rules` text,`retention_days` integer,`watermark` datetime,`planned_rules` text,`created_at` datetime,`updated_at` datetime);
INSERT INTO connections VALUES(1,'Shop',0,'demo','{"skus":"12"}','demo','{}',NULL,0,60,'smart','{"buffer":0,"cap":0,"zeroBelow":0,"ignoredSkus":null,"mapping":null,"zeroShareLimit":0,"shrinkLimit":0}',90,'2026-12-02 07:50:36.775111519+00:00','3617da3d8d7b6f88','2026-12-02 07:50:36.74451572+00:00','2026-12-02 07:50:36.778066774+00:00');
CREATE TABLE `items` (`connection_id` integer,`sku` text,`name` text,`warehouse_seen` numeric,`warehouse_qty` integer,`warehouse_updated_at` datetime,`published_qty` integer,`store_seen` numeric,`store_sku` text,`store_ref` text,`store_parent_ref` text,`store_qty` integer,`baseline_qty` integer,`baseline_at` datetime,`pending` numeric,`last_error` text,`last_synced_at` datetime,`state` text, search_stale INTEGER NOT NULL DEFAULT 1,PRIMARY KEY (`connection_id`,`sku`));
INSERT INTO items VALUES(1,'APRN-CNV-NAT','Canvas Apron · Natural',1,130,'2026-11-29 08:07:33+00:00',130,1,'APRN-CNV-NAT','demo:APRN-CNV-NAT','',130,130,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'BPCK-RT-BLK-28L','Roll-top Backpack · Black · 28 L',1,220,'2026-11-15 13:31:23+00:00',220,1,'BPCK-RT-BLK-28L','demo:BPCK-RT-BLK-28L','',220,220,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'BPCK-RT-OLV-20L','Roll-top Backpack · Olive · 20 L',1,60,'2026-11-15 02:45:25+00:00',60,1,'BPCK-RT-OLV-20L','demo:BPCK-RT-OLV-20L','',60,60,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'CAP-DAD-WHT','Washed Dad Cap · White',1,220,'2026-11-06 21:09:16+00:00',220,1,'CAP-DAD-WHT','demo:CAP-DAD-WHT','',220,220,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'HOOD-PO-GRY-XL','Pullover Hoodie · Heather Grey · XL',1,63,'2026-11-28 04:30:07+00:00',63,1,'HOOD-PO-GRY-XL','demo:HOOD-PO-GRY-XL','',63,63,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'HOOD-ZIP-GRY-M','Zip Hoodie · Heather Grey · M',1,181,'2026-11-10 20:13:32+00:00',181,1,'HOOD-ZIP-GRY-M','demo:HOOD-ZIP-GRY-M','',181,181,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'MUG-STN-CRM-12OZ','Stoneware Mug · Cream · 12 oz',1,105,'2026-11-17 08:57:15+00:00',105,1,'MUG-STN-CRM-12OZ','demo:MUG-STN-CRM-12OZ','',105,105,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'MUG-STN-SGE-12OZ','Stoneware Mug · Sage · 12 oz',1,52,'2026-11-15 02:37:17+00:00',52,1,'MUG-STN-SGE-12OZ','demo:MUG-STN-SGE-12OZ','',52,52,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'NB-GRD-A6-BLK','Notebook · Squared · A6 · Black Cover',1,194,'2026-11-03 05:11:40+00:00',194,1,'NB-GRD-A6-BLK','demo:NB-GRD-A6-BLK','',194,194,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'NB-GRD-B5-BLK','Notebook · Squared · B5 · Black Cover',1,72,'2026-11-23 07:20:16+00:00',72,1,'NB-GRD-B5-BLK','demo:NB-GRD-B5-BLK','',72,72,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'TEE-ORG-BLK-M','Organic Cotton Tee · Black · M',1,0,'2026-11-25 05:02:19+00:00',0,1,'TEE-ORG-BLK-M','demo:TEE-ORG-BLK-M','',0,0,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
INSERT INTO items VALUES(1,'TEE-ORG-GRY-M','Organic Cotton Tee · Heather Grey · M',1,149,'2026-11-19 23:56:41+00:00',149,1,'TEE-ORG-GRY-M','demo:TEE-ORG-GRY-M','',149,149,'2026-12-02 07:50:36.760775868+00:00',0,'','2026-12-02 07:50:36.760775868+00:00','in_sync',0);
CREATE TABLE `sync_runs` (`id` integer PRIMARY KEY AUTOINCREMENT,`connection_id` integer NOT NULL,`trigger` text,`mode_requested` text,`mode_run` text,`reason` text,`status` text,`error` text,`started_at` datetime,`finished_at` datetime,`read` integer,`changed` integer,`pushed` integer,`failed` integer,`skipped` integer,`unmapped` integer,`api_calls` integer,`throttled` integer,`problems` text,`p_id` integer,`host` text,`in_flight` text);
INSERT INTO sync_runs VALUES(1,1,'cli','full','full','','succeeded','','2026-12-02 07:50:36.757378214+00:00','2026-12-02 07:50:36.761518263+00:00',12,12,12,0,0,0,3,0,NULL,30061,'vm','');
INSERT INTO sync_runs VALUES(2,1,'cli','smart','smart','','succeeded','','2026-12-02 07:50:36.775111519+00:00','2026-12-02 07:50:36.777879743+00:00',0,0,0,0,0,0,1,0,NULL,30068,'vm','');
CREATE TABLE `sync_run_item_blocks` (`id` integer PRIMARY KEY AUTOINCREMENT,`run_id` integer NOT NULL,`count` integer,`items` text);
INSERT INTO sync_run_item_blocks VALUES(1,1,12,'[["APRN-CNV-NAT",null,130,"ok",""],["BPCK-RT-BLK-28L",null,220,"ok",""],["BPCK-RT-OLV-20L",null,60,"ok",""],["CAP-DAD-WHT",null,220,"ok",""],["HOOD-PO-GRY-XL",null,63,"ok",""],["HOOD-ZIP-GRY-M",null,181,"ok",""],["MUG-STN-CRM-12OZ",null,105,"ok",""],["MUG-STN-SGE-12OZ",null,52,"ok",""],["NB-GRD-A6-BLK",null,194,"ok",""],["NB-GRD-B5-BLK",null,72,"ok",""],["TEE-ORG-BLK-M",null,0,"ok",""],["TEE-ORG-GRY-M",null,149,"ok",""]]');
CREATE TABLE `settings` (`key` text,`value` text,PRIMARY KEY (`key`));
CREATE TABLE `inventory_versions` (`connection_id` integer,`gen` integer,`counts` text,`counts_gen` integer,PRIMARY KEY (`connection_id`));
INSERT INTO inventory_versions VALUES(1,1,'{"in_sync":12}',1);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('connections',1);
INSERT INTO sqlite_sequence VALUES('sync_runs',2);
INSERT INTO sqlite_sequence VALUES('sync_run_item_blocks',1);
CREATE UNIQUE INDEX `idx_connections_name` ON `connections`(`name`);
CREATE INDEX `idx_sync_runs_started_at` ON `sync_runs`(`started_at`);
CREATE INDEX `idx_sync_runs_status` ON `sync_runs`(`status`);
CREATE INDEX `idx_sync_runs_connection_id` ON `sync_runs`(`connection_id`);
CREATE INDEX `idx_sync_run_item_blocks_run_id` ON `sync_run_item_blocks`(`run_id`);
CREATE INDEX idx_items_conn_state_sku ON items(connection_id, state, sku);
CREATE INDEX idx_items_conn_name ON items(connection_id, name, sku);
CREATE INDEX idx_runs_conn_started ON sync_runs(connection_id, id DESC);
CREATE INDEX idx_items_search_stale ON items(search_stale) WHERE search_stale = 1;
-- The release's search index (FTS5) is left out of this dump; its rows are
-- marked for indexing again, as a database from before the index would be.
UPDATE items SET search_stale = 1;
COMMIT;
