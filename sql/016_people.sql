-- 016_people.sql: service points kept by the admin (service_point.save): a name
-- names one point, whatever its letters' case, so a picker never shows two alike.
CREATE UNIQUE INDEX service_points_name ON service_points (lower(name));
