package woofake

// SetManageStock is the merchant ticking or unticking "Manage stock?" on a
// product or variation. Unticked, WooCommerce keeps no quantity for it.
func (s *Server) SetManageStock(id int64, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.products[id]
	if !ok {
		return
	}
	p.ManageStock = on
	if on {
		p.StockFromParent = false
	} else {
		p.StockQuantity, p.StockDecimal = nil, nil
	}
	p.Modified = s.opts.Now().UTC()
}

// UntrackOnSave makes a plugin switch stock management off for id each
// time it is saved, so a stock update's answer says stock_quantity null.
func (s *Server) UntrackOnSave(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.untrackedOnSave[id] = true
}

// SetStockDecimal gives id a fractional stock, as a store whose plugin
// makes stock amounts floats shows it.
func (s *Server) SetStockDecimal(id int64, v float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.products[id]; ok {
		p.StockDecimal = &v
		n := int(v)
		p.StockQuantity = &n
		p.Modified = s.opts.Now().UTC()
	}
}
